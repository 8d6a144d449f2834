package io.trainfree.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks regular files from a {@code .tar.gz} (ustar, with GNU long names; pax headers are skipped), e.g. CIFAR-10's
 * {@code cifar-10-binary.tar.gz}. Each file is written beside its place and moved in when complete; an entry whose
 * path would leave the destination is refused.
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /**
     * Extracts the regular files whose entry names the filter accepts into {@code dir}, under their entry names.
     *
     * @return the files written, in archive order
     */
    public static List<Path> extract(Path archive, Path dir, Predicate<String> filter) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> written = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 65536))) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readBlock(in, header)) {
                    break; // no end-of-archive blocks: tolerated
                }
                if (isZero(header)) {
                    break;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                if (type == 'L') {
                    byte[] raw = in.readNBytes((int) size);
                    skip(in, padding(size));
                    longName = cString(raw, 0, raw.length);
                    continue;
                }
                boolean regular = type == '0' || type == '\0' || type == '7';
                if (regular && filter.test(name)) {
                    Path out = root.resolve(name).normalize();
                    if (!out.startsWith(root) || out.equals(root)) {
                        throw new IOException("tar entry '" + name + "' in " + archive + " would leave " + root);
                    }
                    Files.createDirectories(out.getParent());
                    Path part = out.resolveSibling(out.getFileName() + ".part");
                    try (OutputStream o = Files.newOutputStream(part)) {
                        copy(in, o, size);
                    }
                    try {
                        Files.move(part, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    written.add(out);
                    skip(in, padding(size));
                } else {
                    skip(in, size + padding(size));
                }
            }
        }
        return written;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("truncated tar header");
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len) throws IOException {
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == 0 || c == ' ') {
                if (v > 0) {
                    break;
                }
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("bad octal number in tar header");
            }
            v = v * 8 + (c - '0');
        }
        return v;
    }

    private static long padding(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[65536];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("tar entry cut short");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        in.skipNBytes(n);
    }
}
