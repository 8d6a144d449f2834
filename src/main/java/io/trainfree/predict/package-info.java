/**
 * Performance predictors: models that learn to rank architectures from a few labelled ones. {@link
 * io.trainfree.predict.Predictor} is the interface every method implements.
 *
 * <h2>Neural predictors and DELE</h2>
 * {@link io.trainfree.predict.NeuralPredictor} is the neural ranking predictor of the DELE paper (Zhao et al., AAAI
 * 2023; reference code aw_nas {@code examples/research/dele}; docs/dele.md §3-§7) on NAS-Bench-201, in four {@link
 * io.trainfree.predict.Manner}s:
 * vanilla, DELE (dynamic ensemble of low-fidelity experts), the static-ensemble ablation, and pretrain-then-finetune
 * on one low-fidelity type. Its parts, each a DJL block or a value:
 * <ul>
 * <li>encoders behind {@link io.trainfree.predict.ArchEncoder}: {@link io.trainfree.predict.GatesEncoder} (GATES,
 *     {@code nb201-flow}, built from {@link io.trainfree.predict.GatesLayer}s), {@link
 *     io.trainfree.predict.LstmEncoder} ({@code nb201-lstm}), {@link io.trainfree.predict.MlpEncoder} (one-hot MLP);
 *     an {@link io.trainfree.predict.EncoderSpec} pairs one with its head, {@link io.trainfree.predict.Encoders} holds
 *     the stock ones. Cells enter as {@link io.trainfree.predict.OpMatrix} arrays (ops coded 0 none, 1 skip, 2
 *     conv1x1, 3 conv3x3, 4 avg_pool: not NASLib's coding);</li>
 * <li>{@link io.trainfree.predict.Expert} (encoder and {@link io.trainfree.predict.Head}: a raw score), {@link
 *     io.trainfree.predict.DynamicGate} (its own encoder, softmax over K) and {@link
 *     io.trainfree.predict.StaticGate}, mixed by {@link io.trainfree.predict.ExpertEnsemble}: f(a) = sum_k w_k(a)
 *     s_k(a), K + 1 encoders, nothing shared;</li>
 * <li>{@link io.trainfree.predict.Pairs} (the pairs of a batch: ties and non-finite labels dropped, at most 4n kept
 *     at random) and {@link io.trainfree.predict.PairwiseHinge} (margin 0.1);</li>
 * <li>{@link io.trainfree.predict.Adam}: PyTorch's Adam with a state that can be saved, so that the one optimizer of
 *     both DELE steps survives in a {@link io.trainfree.predict.Pretrained} step-1 state, trained once per seed and
 *     encoder and reused by the step 2 of every training ratio;</li>
 * <li>{@link io.trainfree.predict.LowFidelity} (the experts' labels), {@link io.trainfree.predict.TrainingOptions},
 *     {@link io.trainfree.predict.TrainingEpoch} reported to a {@link io.trainfree.predict.TrainingListener}.</li>
 * </ul>
 *
 * <h2>Where this differs from the reference code (aw_nas / the DELE library), and why</h2>
 * <ul>
 * <li>The scores of a batch's cells are computed once and the pairs index into them; the reference runs the encoder
 *     on both sides of every pair (up to 8 passes per cell and step). The loss is the same function of the scores;
 *     only dropout differs: the reference draws a mask per pair side, here one per cell and step.</li>
 * <li>GATES runs its layers once per distinct node input (node 1 has 5, node 2 has 125) instead of per cell, and the
 *     LSTM its first three steps once per distinct prefix: exact rewrites, checked against the plain computation
 *     (GATES on the whole graph, DJL's fused LSTM) in the tests.</li>
 * <li>Low-fidelity values are not min-max scaled: only their order forms pairs, which scaling does not change.</li>
 * <li>The paper's NB201 experts include {@code one_shot} (supernet accuracy) and {@code relu}, which trainfree does
 *     not have; the rest of its list is available from the proxy tables.</li>
 * <li>Seeds fix initialisation, batch order, pairs and dropout, but the numbers differ from PyTorch's under the same
 *     seed (different generators); identical scores from run to run need the same engine thread count.</li>
 * </ul>
 */
package io.trainfree.predict;
