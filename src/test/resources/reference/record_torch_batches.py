#!/usr/bin/env python3
"""Writes minibatch files the way FreeREA (fracapuano/FreeREA) cached them, for FreeReaSampleTest.

FreeREA reads its cached batches with pickle.load(open(f'data/{dataset}__batch{bs}_{i}', 'rb')) and takes
images[0] (the image tensor) and images[1] (the labels): each file is a plain pickle (protocol 4, not a torch.save
zip) of the [images, labels] list that DataLoader's default collate gives. This script makes such files with real
torch (Debian's python3-torch 1.13 under /usr/bin/python3):

- CIFAR-100: float32 images [B, 3, 32, 32], normalised as torchvision's ToTensor and Normalize do it in float32
  (bytes / 255, then (t - mean) / std per channel, with the CIFAR-10 statistics FreeREA uses for CIFAR-100),
  int64 labels [B].
- ImageNet16-120: uint8 images [B, 16, 16, 3] (height, width, channel, as ImageNet16 keeps them) and int64 labels;
  FreeREA's batches span more classes than the first 120, which the conversion drops.

Two modes, run from the repository root:

    /usr/bin/python3 src/test/resources/reference/record_torch_batches.py fixtures src/test/resources/reference/freerea

writes the small recorded fixtures and, beside them, the bytes the conversion must give (expected_*.bin), computed
here from the source bytes and not from the tensors. The storage keys inside a torch pickle come from object ids, so
a rerun gives other file bytes with the same content.

    /usr/bin/python3 record_torch_batches.py from-sample {cifar100|imagenet} SAMPLE_BIN OUT_DIR

rebuilds the 20 published file names (batch32_0..9, then batch64_0..9) from a sample.bin of trainfree's: CIFAR-100's
960 records are split in that order; ImageNet's 106 records are spread over the 960 places at seeded positions and
the other places are filled with images whose labels are 120..999, which the conversion must drop. The test runs
this mode itself, on the shared samples.
"""
import os
import pickle
import random
import sys

import torch

CIFAR_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR_STD = (0.2023, 0.1994, 0.2010)
IMAGENET16_MEAN = (0.4810980392156863, 0.45749019607843133, 0.4078823529411765)
IMAGENET16_STD = (0.247921568627451, 0.24023529411764705, 0.2552549019607843)
BATCHES = [(32, i) for i in range(10)] + [(64, i) for i in range(10)]


def normalise(planes, mean, std):
    """uint8 [B, 3, H, W] -> float32 as ToTensor (div 255) then Normalize ((t - mean) / std) compute it."""
    t = planes.float().div(255)
    m = torch.tensor(mean, dtype=torch.float32)
    s = torch.tensor(std, dtype=torch.float32)
    return (t - m[:, None, None]) / s[:, None, None]


def dump(path, obj):
    with open(path, 'wb') as f:
        pickle.dump(obj, f, protocol=4)


def planes_of(records, side):
    """(label, 3 planes of bytes) records -> (uint8 [B, 3, side, side], labels)."""
    data = b''.join(pixels for _, pixels in records)
    images = torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(len(records), 3, side, side)
    return images, [label for label, _ in records]


def as_bin(records):
    """trainfree's form: 1 label byte, then the planes."""
    return b''.join(bytes([label]) + pixels for label, pixels in records)


def random_records(rng, n, side, labels):
    return [(labels[k], bytes(rng.randrange(256) for _ in range(3 * side * side))) for k in range(n)]


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20240601)

    # CIFAR-100: two files as FreeREA wrote them; the first image has the extreme bytes 0 and 255 in it
    cifar = random_records(rng, 3, 32, [7, 99, 0])
    cifar[0] = (cifar[0][0], bytes([0, 255]) + cifar[0][1][2:])
    for name, part in (('cifar100__batch2_0', cifar[:2]), ('cifar100__batch1_1', cifar[2:])):
        images, labels = planes_of(part, 32)
        dump(os.path.join(out, name), [normalise(images, CIFAR_MEAN, CIFAR_STD), torch.tensor(labels)])
    with open(os.path.join(out, 'expected_cifar100.bin'), 'wb') as f:
        f.write(as_bin(cifar))

    # ImageNet16-120: a file as FreeREA's (uint8, height-width-channel), with labels >= 120 to drop
    imnet = random_records(rng, 4, 16, [5, 120, 119, 999])
    images, labels = planes_of(imnet, 16)
    dump(os.path.join(out, 'imagenet__batch4_0'),
         [images.permute(0, 2, 3, 1).contiguous(), torch.tensor(labels)])
    # not FreeREA's form, for the reader's sake: channel-first as a strided view of a height-width-channel storage,
    # and labels that start at a storage offset (a slice)
    more = random_records(rng, 2, 16, [0, 42])
    images, labels = planes_of(more, 16)
    strided = images.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
    assert not strided.is_contiguous()
    dump(os.path.join(out, 'imagenet__batch2_1'), [strided, torch.tensor([500] + labels)[1:]])
    # and float images normalised with ImageNet16's statistics, as a tuple
    floats = random_records(rng, 2, 16, [3, 130])
    images, labels = planes_of(floats, 16)
    dump(os.path.join(out, 'imagenet__batch2_2'),
         (normalise(images, IMAGENET16_MEAN, IMAGENET16_STD), torch.tensor(labels)))
    with open(os.path.join(out, 'expected_imagenet.bin'), 'wb') as f:
        f.write(as_bin([r for r in imnet + more + floats if r[0] < 120]))

    # files the conversion must refuse
    images, labels = planes_of(cifar[:2], 32)
    normalised = normalise(images, CIFAR_MEAN, CIFAR_STD)
    dump(os.path.join(out, 'bad_tensor_alone'), normalised)
    bad = normalised.clone()
    bad[1, 2, 5, 7] = 0.123  # image 1, blue plane, row 5, column 7: (0.123 * 0.2010 + 0.4465) * 255 = 120.16...
    dump(os.path.join(out, 'bad_not_a_byte'), [bad, torch.tensor(labels)])


def from_sample(dataset, sample, out):
    os.makedirs(out, exist_ok=True)
    side, prefix = (32, 'cifar100') if dataset == 'cifar100' else (16, 'imagenet')
    size = 1 + 3 * side * side
    with open(sample, 'rb') as f:
        data = f.read()
    records = [(data[k], data[k + 1:k + size]) for k in range(0, len(data), size)]
    places = sum(bs for bs, _ in BATCHES)
    if dataset == 'cifar100':
        if len(records) != places:
            sys.exit(f'{sample}: {len(records)} records, expected {places}')
        slots = records
    else:
        rng = random.Random(106)
        kept = set(rng.sample(range(places), len(records)))
        source = iter(records)
        slots = [next(source) if k in kept else
                 (rng.randrange(120, 1000), bytes(rng.randrange(256) for _ in range(3 * side * side)))
                 for k in range(places)]
    at = 0
    for bs, i in BATCHES:
        images, labels = planes_of(slots[at:at + bs], side)
        at += bs
        if dataset == 'cifar100':
            images = normalise(images, CIFAR_MEAN, CIFAR_STD)
        else:
            images = images.permute(0, 2, 3, 1).contiguous()
        dump(os.path.join(out, f'{prefix}__batch{bs}_{i}'), [images, torch.tensor(labels)])


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'fixtures':
        fixtures(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == 'from-sample' and sys.argv[2] in ('cifar100', 'imagenet'):
        from_sample(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit('usage: record_torch_batches.py fixtures OUT_DIR\n'
                 '       record_torch_batches.py from-sample {cifar100|imagenet} SAMPLE_BIN OUT_DIR')


if __name__ == '__main__':
    main()
