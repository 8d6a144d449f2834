package io.trainfree.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.trainfree.space.Nb201Arch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Training and scoring leave no array behind: every step's arrays live in a sub-manager closed after it. */
@ExtendWith(OneEngineThread.class)
class TrainingMemoryTest {
    @Test
    void epochsAndScoringLeaveNothingInTheModelsManager() {
        List<Nb201Arch> cells = Synthetic.cells(0, 150);
        double[][] labels = {Synthetic.additive(cells, 1, 0), Synthetic.additive(cells, 2, 0)};
        for (EncoderSpec spec : List.of(Encoders.gates(), Encoders.lstm(), Encoders.mlp())) {
            try (NDManager root = NDManager.newBaseManager(); NDManager models = root.newSubManager()) {
                var model = new ExpertEnsemble(spec, 2, ExpertEnsemble.Gating.DYNAMIC);
                Shape in = model.experts().get(0).encoder().input(root, cells.subList(0, 1))
                        .getShape();
                model.initialize(models, DataType.FLOAT32, in);
                var store = new ParameterStore(models, false);
                var trainer = new PairwiseTrainer(model, store, new Adam(1e-3, models), root,
                        new TrainingOptions(0, 0, 64, 1e-3, 0.1, 4, 0), TrainingListener.NONE);
                trainer.train(TrainingEpoch.Stage.PRETRAIN, cells, labels, true, 1, 0);
                trainer.train(TrainingEpoch.Stage.TRAIN, cells, new double[][] {labels[0]}, false, 1, 0);
                int arrays = models.getManagedArrays().size();
                int rootArrays = root.getManagedArrays().size();
                trainer.train(TrainingEpoch.Stage.PRETRAIN, cells, labels, true, 3, 1);
                trainer.train(TrainingEpoch.Stage.TRAIN, cells, new double[][] {labels[0]}, false, 3, 1);
                for (int r = 0; r < 5; r++) {
                    try (NDManager m = root.newSubManager()) {
                        model.forward(store, new NDList(model.experts().get(0).encoder().input(m, cells)), false);
                    }
                }
                assertEquals(arrays, models.getManagedArrays().size(), spec.name() + ": the model's manager");
                assertEquals(rootArrays, root.getManagedArrays().size(), spec.name() + ": the root manager");
            }
        }
    }
}
