package io.trainfree.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.trainfree.math.NumpyRandom;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RankMetrics} against scipy's {@code kendalltau} and a stable-sort restatement of DELE's {@code test_xk},
 * recorded by {@code src/test/resources/reference/record_rank_metrics.py} (see the README beside it). The drawn cases
 * are rebuilt here from their seeds by {@link NumpyRandom}, which reproduces numpy's integer draws bit for bit.
 * Tolerance 1e-14: the arithmetic is scipy's in scipy's order, but the recorded decimals are Python's repr of the
 * result and a last-bit difference in a square root is allowed for.
 */
class RankMetricsReferenceTest {
    static final JsonObject ROOT = load();
    private static final double TOLERANCE = 1e-14;

    static JsonObject load() {
        try (InputStream in = RankMetricsReferenceTest.class.getResourceAsStream(
                "/reference/rank_metrics_reference.json")) {
            if (in == null) {
                throw new IllegalStateException("reference/rank_metrics_reference.json is not on the test class path");
            }
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void kendallAgreesWithScipy() {
        List<JsonObject> cases = cases("kendall");
        assertEquals(14, cases.size());
        for (JsonObject c : cases) {
            double[][] xy = c.has("x") ? new double[][] {vector(c.get("x")), vector(c.get("y"))} : drawn(c);
            String name = c.get("name").getAsString();
            double tau = RankMetrics.kendallTau(xy[0], xy[1]);
            if (c.get("tau").isJsonNull()) {
                assertTrue(Double.isNaN(tau), name + ": scipy gave nan, we " + tau);
            } else {
                assertEquals(c.get("tau").getAsDouble(), tau, TOLERANCE, name);
                assertEquals(c.get("tau").getAsDouble(), Correlation.kendall(xy[0], xy[1]), TOLERANCE, name);
            }
        }
    }

    @Test
    void topKAgreesWithTheReferencesRestatement() {
        for (JsonObject c : cases("top")) {
            double[][] st = c.has("score") ? new double[][] {vector(c.get("score")), vector(c.get("truth"))}
                    : drawn(c);
            String name = c.get("name").getAsString();
            List<JsonObject> rows = c.getAsJsonArray("rows").asList().stream().map(JsonElement::getAsJsonObject)
                    .toList();
            assertEquals(RankMetrics.TOP_FRACTIONS.size(), rows.size());
            for (JsonObject r : rows) {
                double fraction = r.get("fraction").getAsDouble();
                RankMetrics.TopK t = RankMetrics.top(st[0], st[1], fraction);
                String what = name + " at " + fraction;
                assertEquals(r.get("k").getAsInt(), t.k(), what);
                assertEquals(r.get("common").getAsInt(), t.common(), what);
                assertSameOrBothNaN(r.get("precision"), t.precision(), what);
                assertSameOrBothNaN(r.get("kendall"), t.kendall(), what);
            }
        }
    }

    private static void assertSameOrBothNaN(JsonElement expected, double actual, String what) {
        if (expected.isJsonNull()) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
        } else {
            assertEquals(expected.getAsDouble(), actual, TOLERANCE, what);
        }
    }

    /** x = randint(x_levels, n), y = scale * x + randint(noise_levels, n), from RandomState(seed). */
    private static double[][] drawn(JsonObject c) {
        var rng = new NumpyRandom(c.get("seed").getAsLong());
        int n = c.get("n").getAsInt();
        int[] x = rng.randint(c.get("x_levels").getAsInt(), n);
        int[] noise = rng.randint(c.get("noise_levels").getAsInt(), n);
        double scale = c.get("scale").getAsDouble();
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = x[i];
            ys[i] = scale * x[i] + noise[i];
        }
        return new double[][] {xs, ys};
    }

    static List<JsonObject> cases(String section) {
        return ROOT.getAsJsonArray(section).asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    static double[] vector(JsonElement e) {
        return e.getAsJsonArray().asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }
}
