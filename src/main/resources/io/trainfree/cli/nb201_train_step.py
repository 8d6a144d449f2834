# Seconds of one NB201 training step in plain PyTorch, for `trainfree bench train` to print beside its own.
# Reads its settings as JSON from argv[1]; prints one JSON line per configuration.
# The network is NB201's TinyNetwork written out here (stem, 3 stages of N cells with two residual reduction blocks,
# BN-ReLU, global average pool, linear), so plain PyTorch needs nothing but torch.
import json, sys, time
import torch
import torch.nn as nn

def relu_conv_bn(cin, cout, k, stride, pad):
    return nn.Sequential(nn.ReLU(inplace=False), nn.Conv2d(cin, cout, k, stride, pad, bias=False), nn.BatchNorm2d(cout))

class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.)

def make_op(name, c):
    if name == 'none':
        return Zero()
    if name == 'skip_connect':
        return nn.Identity()
    if name == 'nor_conv_1x1':
        return relu_conv_bn(c, c, 1, 1, 0)
    if name == 'nor_conv_3x3':
        return relu_conv_bn(c, c, 3, 1, 1)
    if name == 'avg_pool_3x3':
        return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
    raise ValueError(name)

class Cell(nn.Module):
    def __init__(self, arch, c):
        super().__init__()
        nodes = [n.split('|')[1:-1] for n in arch.split('+')]
        self.edges = nn.ModuleList()
        self.inputs = []
        for j, node in enumerate(nodes):
            ops = []
            for e in node:
                op, i = e.split('~')
                self.edges.append(make_op(op, c))
                ops.append(int(i))
            self.inputs.append(ops)
    def forward(self, x):
        states = [x]
        k = 0
        for ins in self.inputs:
            s = 0
            for i in ins:
                s = s + self.edges[k](states[i])
                k += 1
            states.append(s)
        return states[-1]

class Reduction(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv_a = relu_conv_bn(cin, cout, 3, 2, 1)
        self.conv_b = relu_conv_bn(cout, cout, 3, 1, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, 2, 0), nn.Conv2d(cin, cout, 1, bias=False))
    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))

class TinyNetwork(nn.Module):
    def __init__(self, arch, c, n, classes):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        cells = []
        ch = c
        for s in range(3):
            if s > 0:
                cells.append(Reduction(ch, 2 * ch))
                ch *= 2
            cells += [Cell(arch, ch) for _ in range(n)]
        self.cells = nn.ModuleList(cells)
        self.lastact = nn.Sequential(nn.BatchNorm2d(ch), nn.ReLU(inplace=True))
        self.global_pooling = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(ch, classes)
    def forward(self, x):
        x = self.stem(x)
        for cell in self.cells:
            x = cell(x)
        x = self.global_pooling(self.lastact(x)).flatten(1)
        return self.classifier(x)

def tail(name, n):
    # FEAR's stage 2: the last four cells of the last stage, lastact and the classifier
    first = 2 * (n + 1) + max(0, n - 4)
    if name.startswith('lastact') or name.startswith('classifier'):
        return True
    if name.startswith('cells.'):
        return int(name.split('.')[1]) >= first
    return False

def main():
    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(cfg['threads'])
    torch.manual_seed(0)
    for c, n, stage2 in cfg['configs']:
        net = TinyNetwork(cfg['arch'], c, n, 10)
        net.train()
        params = [p for name, p in net.named_parameters() if not stage2 or tail(name, n)]
        if stage2:
            for name, p in net.named_parameters():
                p.requires_grad_(tail(name, n))
        opt = torch.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=5e-4, nesterov=True)
        b = cfg['batch']
        x = torch.randn(b, 3, 32, 32)
        y = torch.randint(0, 10, (b,))
        loss_fn = nn.CrossEntropyLoss()
        def step():
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(params, 5)
            opt.step()
        for _ in range(cfg['warmup']):
            step()
        t0 = time.perf_counter()
        for _ in range(cfg['steps']):
            step()
        seconds = (time.perf_counter() - t0) / cfg['steps']
        print(json.dumps({'channels': c, 'cells': n, 'stage2': stage2, 'seconds': seconds}), flush=True)

main()
