package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.trainfree.space.Nb201Arch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LstmEncoderTest {
    /**
     * The step-by-step LSTM with shared prefixes against DJL's LSTM block (libtorch's fused lstm, PyTorch's gate order)
     * given the same weights: the final hidden states agree.
     */
    @Test
    void equalsDjlsLstmWithTheSameWeights() {
        var rng = new SplittableRandom(2);
        var archs = new ArrayList<Nb201Arch>(List.of(Nb201Arch.fromCode(0), Nb201Arch.fromCode(15_624)));
        for (int i = 0; i < 300; i++) {
            archs.add(Nb201Arch.random(rng));
        }
        int emb = 12;
        int hidden = 7;
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            var enc = new LstmEncoder(emb, hidden);
            enc.initialize(m, DataType.FLOAT32, new Shape(1, 6));
            Map<String, Parameter> mine = ParameterPaths.of(enc);
            LSTM lstm = LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(true)
                    .build();
            lstm.setInitializer(new NormalInitializer(), p -> true);
            lstm.initialize(m, DataType.FLOAT32, new Shape(1, 6, emb));
            Map<String, Parameter> djl = ParameterPaths.of(lstm);
            assertEquals(4, djl.size(), "DJL's LSTM parameters: " + djl.keySet());
            copy(mine.get("weight_ih"), find(djl, "i2h_WEIGHT"));
            copy(mine.get("weight_hh"), find(djl, "h2h_WEIGHT"));
            copy(mine.get("bias_ih"), find(djl, "i2h_BIAS"));
            copy(mine.get("bias_hh"), find(djl, "h2h_BIAS"));
            var ps = new ParameterStore(m, false);
            NDArray seq = enc.input(m, archs);
            float[] ours = enc.forward(ps, new NDList(seq), false).singletonOrThrow().toFloatArray();
            NDArray x = Embedding.embedding(seq, mine.get("op_embedding").getArray(), SparseFormat.DENSE)
                    .singletonOrThrow();
            NDList out = lstm.forward(ps, new NDList(x), false);
            assertEquals(new Shape(1, archs.size(), hidden), out.get(1).getShape(), "h_n: layers x B x H");
            float[] theirs = out.get(1).get(0).toFloatArray();
            assertArrayEquals(theirs, ours, 2e-6f);
            // the last output step is the final hidden state too
            assertArrayEquals(theirs, out.get(0).get(":, -1, :").toFloatArray(), 1e-7f);
        }
    }

    @Test
    void initialisationIsPytorchs() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            var enc = new LstmEncoder();
            enc.initialize(m, DataType.FLOAT32, new Shape(1, 6));
            for (Map.Entry<String, Parameter> e : ParameterPaths.of(enc).entrySet()) {
                float max = GatesLayerTest.maxAbs(e.getValue().getArray().toFloatArray());
                if (e.getKey().equals("op_embedding")) {
                    assertTrue(max > 1.5f, "N(0, 1): " + max);
                } else {
                    assertTrue(max <= 0.1f && max > 0.09f, e.getKey() + ": U(-0.1, 0.1), max " + max);
                }
            }
        }
    }

    private static Parameter find(Map<String, Parameter> params, String suffix) {
        return params.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no " + suffix + " in " + params.keySet()));
    }

    private static void copy(Parameter from, Parameter to) {
        assertEquals(from.getArray().getShape(), to.getArray().getShape(), from.getName() + " -> " + to.getName());
        GatesLayerTest.set(to, from.getArray().toFloatArray());
    }
}
