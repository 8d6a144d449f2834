package io.trainfree.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
    @TempDir
    Path dir;

    @Test
    void mapRoundTrip() throws IOException {
        var m = new LinkedHashMap<String, Object>();
        m.put("s", "a \"quoted\"\n\\ line");
        m.put("n", 42L);
        m.put("x", 1.25);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("l", List.of("a", "b"));
        m.put("m", Map.of("k", 0.5));
        Path f = dir.resolve("m.json");
        Files.writeString(f, Json.write(Json.tree(m)));
        Map<String, Object> back = Json.readMap(f);
        assertEquals("a \"quoted\"\n\\ line", back.get("s"));
        assertEquals(42L, back.get("n"));
        assertEquals(1.25, back.get("x"));
        assertEquals(null, back.get("nan"));
        assertTrue(back.containsKey("nan"));
        assertEquals(true, back.get("b"));
        assertEquals(List.of("a", "b"), back.get("l"));
        assertEquals(Map.of("k", 0.5), back.get("m"));
        assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()), "key order");
        Files.writeString(f, "{\"a\": }");
        var e = assertThrows(FileFormatException.class, () -> Json.readMap(f));
        assertTrue(e.getMessage().startsWith(f + ": not a JSON object"), e.getMessage());
    }

    record Sample(String spaceId, long seed, int batchSize, boolean augment, List<String> proxies, double secondsMean,
            Map<String, Double> perProxy) {
    }

    /** Records: snake_case keys in component order, one top-level key per line, whole numbers without ".0". */
    @Test
    void recordsAreWrittenInTheSidecarLayoutAndReadBack() throws IOException {
        var s = new Sample("nb201", 42, 64, true, List.of("grad_norm", "snip"), 3.2731285714285715E-5,
                new LinkedHashMap<>(Map.of("a", Double.NaN)));
        String text = Json.write(Json.tree(s));
        assertEquals("""
                {
                  "space_id": "nb201",
                  "seed": 42,
                  "batch_size": 64,
                  "augment": true,
                  "proxies": ["grad_norm", "snip"],
                  "seconds_mean": 3.2731285714285715E-5,
                  "per_proxy": {"a": null}
                }
                """, text);
        Path f = dir.resolve("s.json");
        Files.writeString(f, text);
        Sample back = Json.read(f, Sample.class);
        assertEquals(s.spaceId(), back.spaceId());
        assertEquals(s.proxies(), back.proxies());
        assertEquals(s.secondsMean(), back.secondsMean(), 0.0);
        assertTrue(back.perProxy().get("a").isNaN(), "null reads back as NaN");
        assertEquals(Map.of("space_id", "nb201", "seed", "42", "batch_size", "64", "augment", "true",
                "proxies", "grad_norm,snip", "seconds_mean", "3.2731285714285715E-5", "per_proxy", "{\"a\": null}"),
                Json.text(s));
    }
}
