package io.trainfree.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.trainfree.model.Init;
import io.trainfree.model.Nb201Params;
import io.trainfree.model.Recorder;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The linear-region count against patterns compared bit by bit. */
class LinearRegionsTest {
    @Test
    void countsTheDistinctPatternsComparedBitByBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 8, 12, m);
            int s = 8;
            Nb201Params params = Nb201Params.create(context.net(), m, Init.PYTORCH_DEFAULT,
                    Tensors.seed(context.seed(), "linear_regions", 0));
            StringBuilder[] bits = new StringBuilder[s];
            for (int i = 0; i < s; i++) {
                bits[i] = new StringBuilder();
            }
            NDArray x = context.batch().images().get("0:" + s);
            context.net().forward(params, x, Recorder.relus((site, in, out) -> {
                boolean[] on = out.reshape(s, -1).gt(0).toBooleanArray();
                int per = on.length / s;
                for (int i = 0; i < s; i++) {
                    for (int k = 0; k < per; k++) {
                        bits[i].append(on[i * per + k] ? '1' : '0');
                    }
                }
            }));
            Set<String> distinct = new HashSet<>();
            for (StringBuilder b : bits) {
                distinct.add(b.toString());
            }
            assertEquals(distinct.size(), new LinearRegions(1, s, 0).score(context), 0.0);
            assertTrue(distinct.size() <= s);
        }
    }

    @Test
    void oneSampleIsOneRegionAndMoreAreAtMostTheirNumber() {
        try (NDManager m = NDManager.newBaseManager()) {
            ProxyContext context = Tiny.context(Tiny.ALL_OPS, 8, 12, m);
            assertEquals(1, new LinearRegions(2, 1, 0).score(context), 0.0);
            double cropped = new LinearRegions(2, 8, 4).score(context);
            assertTrue(cropped >= 1 && cropped <= 8, "cropped to 4x4: " + cropped);
            assertEquals(cropped, new LinearRegions(2, 8, 4).score(context), 0.0, "seeded");
        }
    }
}
