package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** The CIFAR-100 and ImageNet16-120 samples from FreeREA's cached minibatches (work in progress). */
final class FreeReaSample implements Converter {
    /** Which sample. */
    enum Set { CIFAR100, IMAGENET16 }

    private final Set set;

    FreeReaSample(Set set) {
        this.set = set;
    }

    @Override
    public void convert(List<Path> inputs, OutputStream out) throws IOException {
        throw new IOException("not implemented yet: " + set);
    }
}
