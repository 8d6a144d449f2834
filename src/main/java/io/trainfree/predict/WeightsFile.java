package io.trainfree.predict;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A neural predictor's weights on disk: a header saying what they belong to (encoder, manner, experts, and each
 * parameter's path and shape), then the ensemble block's parameters in DJL's own format ({@code
 * Block.saveParameters}). The header lets a load refuse weights of another encoder or expert set with a message
 * naming what differs, where DJL would read on and fail somewhere inside, or not at all.
 */
final class WeightsFile {
    static final String MAGIC = "trainfree neural predictor weights";
    static final int VERSION = 1;

    /**
     * What a weights file holds.
     *
     * @param encoder    the encoder's name
     * @param manner     how it was trained
     * @param experts    the experts' names
     * @param parameters each parameter's path and shape, in the model's order
     */
    record Header(String encoder, Manner manner, List<String> experts, List<String> parameters) {
    }

    private WeightsFile() {
    }

    /** The header describing {@code model}. */
    static Header header(ExpertEnsemble model, Manner manner, List<String> experts) {
        var params = new ArrayList<String>();
        for (Map.Entry<String, Parameter> e : model.parameterPaths().entrySet()) {
            params.add(e.getKey() + " " + e.getValue().getArray().getShape());
        }
        return new Header(model.spec().name(), manner, List.copyOf(experts), List.copyOf(params));
    }

    /** The file's bytes for {@code model}. */
    static byte[] bytes(ExpertEnsemble model, Manner manner, List<String> experts) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            Header h = header(model, manner, experts);
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(h.encoder());
            out.writeUTF(h.manner().name());
            out.writeInt(h.experts().size());
            for (String e : h.experts()) {
                out.writeUTF(e);
            }
            out.writeInt(h.parameters().size());
            for (String p : h.parameters()) {
                out.writeUTF(p);
            }
            model.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * Reads the header.
     *
     * @param source names the file in messages
     */
    static Header readHeader(DataInputStream in, String source) throws IOException {
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not a trainfree neural predictor weights file", e);
        }
        if (!MAGIC.equals(magic)) {
            throw new IllegalArgumentException(source + " is not a trainfree neural predictor weights file");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(source + ": weights format version " + version + ", this trainfree "
                    + "reads version " + VERSION);
        }
        String encoder = in.readUTF();
        String mannerName = in.readUTF();
        Manner manner;
        try {
            manner = Manner.valueOf(mannerName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": unknown manner '" + mannerName + "'; known: "
                    + Arrays.toString(Manner.values()), e);
        }
        var experts = new ArrayList<String>();
        for (int k = in.readInt(); k > 0; k--) {
            experts.add(in.readUTF());
        }
        var params = new ArrayList<String>();
        for (int k = in.readInt(); k > 0; k--) {
            params.add(in.readUTF());
        }
        return new Header(encoder, manner, List.copyOf(experts), List.copyOf(params));
    }

    /**
     * Refuses weights that do not belong to {@code expected}: another encoder, manner or expert set, or parameters of
     * other paths or shapes.
     */
    static void check(Header found, Header expected, String source) {
        if (!found.encoder().equals(expected.encoder())) {
            throw new IllegalArgumentException(source + " holds weights of encoder '" + found.encoder()
                    + "', this predictor's encoder is '" + expected.encoder() + "'");
        }
        if (found.manner() != expected.manner()) {
            throw new IllegalArgumentException(source + " holds weights of a " + found.manner()
                    + " predictor, this predictor is " + expected.manner());
        }
        if (!found.experts().equals(expected.experts())) {
            throw new IllegalArgumentException(source + " holds " + found.experts().size() + " experts "
                    + found.experts() + ", this predictor has " + expected.experts().size() + " "
                    + expected.experts());
        }
        if (!found.parameters().equals(expected.parameters())) {
            for (int i = 0; i < Math.max(found.parameters().size(), expected.parameters().size()); i++) {
                String f = i < found.parameters().size() ? found.parameters().get(i) : "(none)";
                String e = i < expected.parameters().size() ? expected.parameters().get(i) : "(none)";
                if (!f.equals(e)) {
                    throw new IllegalArgumentException(source + ": parameter " + i + " is " + f + " in the file, "
                            + e + " in this predictor (another encoder configuration?)");
                }
            }
        }
    }

    /**
     * Reads the parameters (after the header) into {@code model}, in {@code manager}; the arrays they replace are
     * closed and each new array requires a gradient where its parameter does.
     */
    static void readParameters(DataInputStream in, ExpertEnsemble model, NDManager manager, String source)
            throws IOException {
        Map<String, Parameter> params = model.parameterPaths();
        var old = new ArrayList<NDArray>();
        for (Parameter p : params.values()) {
            old.add(p.getArray());
        }
        try {
            model.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException(source + ": malformed parameters: " + e.getMessage(), e);
        }
        for (Parameter p : params.values()) {
            p.getArray().setRequiresGradient(p.requiresGradient());
        }
        for (NDArray a : old) {
            a.close();
        }
    }

    /** Writes {@code bytes} to {@code target} through a temporary file moved over it: a reader never sees half. */
    static void write(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, target.getFileName().toString(), ".partial");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write failed already; the temporary file is a leftover at worst
                }
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
