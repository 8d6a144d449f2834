package io.trainfree.predict;

/** How a neural predictor is trained: the DELE paper's two-step training and its baselines. */
public enum Manner {
    /** One expert trained on the ground truth only. */
    VANILLA,
    /**
     * DELE: K experts learn their low-fidelity rankings (step 1, gate frozen), then experts and the dynamic gate learn
     * the ground truth together (step 2), one Adam through both steps.
     */
    DELE,
    /** As DELE with the static ensemble (one learnable weight vector) instead of the dynamic gate. */
    STATIC,
    /**
     * One expert pretrained on one low-fidelity type, then all of it finetuned on the ground truth with a new Adam.
     */
    FINETUNE;

    /** Whether it has a step 1 on low-fidelity labels. */
    public boolean pretrains() {
        return this != VANILLA;
    }

    /** How the experts are mixed. */
    ExpertEnsemble.Gating gating() {
        return switch (this) {
            case VANILLA, FINETUNE -> ExpertEnsemble.Gating.NONE;
            case DELE -> ExpertEnsemble.Gating.DYNAMIC;
            case STATIC -> ExpertEnsemble.Gating.STATIC;
        };
    }
}
