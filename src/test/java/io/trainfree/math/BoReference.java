package io.trainfree.math;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The values recorded from scikit-learn, scipy and a restatement of bayes_opt 1.2.0 by
 * {@code src/test/resources/reference/record_bo.py} (see the README beside it), and small readers for them.
 */
final class BoReference {
    static final JsonObject ROOT = load();

    private BoReference() {
    }

    private static JsonObject load() {
        try (InputStream in = BoReference.class.getResourceAsStream("/reference/bo_reference.json")) {
            if (in == null) {
                throw new IllegalStateException("reference/bo_reference.json is not on the test class path");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded cases of one section ("gp_fixed", "gp_fit", "lbfgsb", "ucb", "bo"). */
    static List<JsonObject> cases(String section) {
        return ROOT.getAsJsonArray(section).asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    static JsonObject named(String section, String name) {
        return cases(section).stream().filter(c -> c.get("name").getAsString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no case " + name + " in " + section));
    }

    static double[] vector(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    static double[][] matrix(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vector(a.get(i));
        }
        return m;
    }

    /** numpy's {@code RandomState(seed).random_sample}, as bayes_opt's streams. */
    static DoubleSupplier numpyStream(long seed) {
        return new NumpyRandom(seed)::randomSample;
    }

    /** As {@link #numpyStream} after {@code skip} draws. */
    static DoubleSupplier numpyStream(long seed, long skip) {
        NumpyRandom r = new NumpyRandom(seed);
        for (long i = 0; i < skip; i++) {
            r.randomSample();
        }
        return r::randomSample;
    }

    static double maxAbsDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " != " + b.length);
        }
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
