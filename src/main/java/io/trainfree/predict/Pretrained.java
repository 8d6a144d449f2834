package io.trainfree.predict;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state after step 1, from which any number of step-2 runs start (one per training ratio): every parameter of
 * the ensemble (the experts trained on their low-fidelity labels, the gate as initialised) and the optimizer's state
 * (each expert parameter's Adam step count and moments; the gate has none yet). A DELE or static-ensemble step 2
 * continues this optimizer, as the reference does; pretrain-and-finetune starts a new one.
 *
 * <p>A value held in the Java heap, so it needs no closing; {@link #save} and {@link #load} keep it on disk.
 *
 * @param encoder    the encoder's name
 * @param manner     the manner it was trained for
 * @param experts    the experts' names (the low-fidelity columns), in order
 * @param seed       the run's seed
 * @param epochs     step-1 epochs run
 * @param loss       mean loss of the last epoch
 * @param seconds    wall time of step 1
 * @param nonFinite  per expert, how many training architectures had a NaN or infinite label (they formed no pairs)
 * @param weights    the ensemble's weights file ({@link NeuralPredictor#save} format)
 * @param optimizer  Adam's state by parameter path
 */
public record Pretrained(String encoder, Manner manner, List<String> experts, long seed, int epochs, double loss,
        double seconds, int[] nonFinite, byte[] weights, Map<String, Adam.Moments> optimizer) {
    static final String MAGIC = "trainfree DELE step-1 state";
    static final int VERSION = 1;

    public Pretrained {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(manner, "manner");
        experts = List.copyOf(experts);
        nonFinite = nonFinite.clone();
        weights = weights.clone();
        optimizer = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(optimizer));
        if (nonFinite.length != experts.size()) {
            throw new IllegalArgumentException(nonFinite.length + " non-finite counts for " + experts.size()
                    + " experts");
        }
    }

    @Override
    public int[] nonFinite() {
        return nonFinite.clone();
    }

    @Override
    public byte[] weights() {
        return weights.clone();
    }

    /** Writes it to {@code file} (through a temporary file moved over it). */
    public void save(Path file) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(encoder);
            out.writeUTF(manner.name());
            out.writeInt(experts.size());
            for (String e : experts) {
                out.writeUTF(e);
            }
            out.writeLong(seed);
            out.writeInt(epochs);
            out.writeDouble(loss);
            out.writeDouble(seconds);
            for (int n : nonFinite) {
                out.writeInt(n);
            }
            out.writeInt(weights.length);
            out.write(weights);
            out.writeInt(optimizer.size());
            for (Map.Entry<String, Adam.Moments> e : optimizer.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().step());
                float[] m = e.getValue().mean();
                float[] v = e.getValue().variance();
                out.writeInt(m.length);
                for (float x : m) {
                    out.writeFloat(x);
                }
                for (float x : v) {
                    out.writeFloat(x);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WeightsFile.write(file, bytes.toByteArray());
    }

    /**
     * Reads what {@link #save} wrote.
     *
     * @throws IllegalArgumentException if the file is not a step-1 state (naming it)
     * @throws UncheckedIOException     if it cannot be read
     */
    public static Pretrained load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("no step-1 state file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is truncated or not a DELE step-1 state: " + e, e);
        }
    }

    private static Pretrained read(DataInputStream in, String source) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IllegalArgumentException(source + " is not a DELE step-1 state file");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(source + ": step-1 state format version " + version
                    + ", this trainfree reads version " + VERSION);
        }
        String encoder = in.readUTF();
        Manner manner = Manner.valueOf(in.readUTF());
        var experts = new ArrayList<String>();
        for (int k = in.readInt(); k > 0; k--) {
            experts.add(in.readUTF());
        }
        long seed = in.readLong();
        int epochs = in.readInt();
        double loss = in.readDouble();
        double seconds = in.readDouble();
        var nonFinite = new int[experts.size()];
        for (int k = 0; k < nonFinite.length; k++) {
            nonFinite[k] = in.readInt();
        }
        byte[] weights = in.readNBytes(in.readInt());
        var optimizer = new LinkedHashMap<String, Adam.Moments>();
        for (int k = in.readInt(); k > 0; k--) {
            String path = in.readUTF();
            int step = in.readInt();
            int n = in.readInt();
            var m = new float[n];
            var v = new float[n];
            for (int i = 0; i < n; i++) {
                m[i] = in.readFloat();
            }
            for (int i = 0; i < n; i++) {
                v[i] = in.readFloat();
            }
            optimizer.put(path, new Adam.Moments(step, m, v));
        }
        return new Pretrained(encoder, manner, experts, seed, epochs, loss, seconds, nonFinite, weights, optimizer);
    }

    /** The weights as a stream, for loading. */
    InputStream weightsStream() {
        return new ByteArrayInputStream(weights);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Pretrained p)) {
            return false;
        }
        if (!(encoder.equals(p.encoder) && manner == p.manner && experts.equals(p.experts) && seed == p.seed
                && epochs == p.epochs && Double.compare(loss, p.loss) == 0 && Double.compare(seconds, p.seconds) == 0
                && Arrays.equals(nonFinite, p.nonFinite) && Arrays.equals(weights, p.weights)
                && optimizer.keySet().equals(p.optimizer.keySet()))) {
            return false;
        }
        for (Map.Entry<String, Adam.Moments> e : optimizer.entrySet()) {
            Adam.Moments a = e.getValue();
            Adam.Moments b = p.optimizer.get(e.getKey());
            if (a.step() != b.step() || !Arrays.equals(a.mean(), b.mean())
                    || !Arrays.equals(a.variance(), b.variance())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(encoder, manner, experts, seed, epochs, Arrays.hashCode(weights));
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Pretrained[%s, %s, %d experts %s, seed %d, %d epochs, loss %.5f,"
                + " %.1f s, non-finite %s, %d bytes of weights]", encoder, manner, experts.size(), experts, seed,
                epochs, loss, seconds, Arrays.toString(nonFinite), weights.length);
    }
}
