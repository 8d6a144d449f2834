/**
 * Training NAS-Bench-201 networks on the CPU (or a GPU) with DJL, as NAS-Bench-201 trains them: a
 * {@link io.trainfree.train.NetworkTrainer} runs seeded epochs of SGD with Nesterov momentum and weight decay
 * ({@link io.trainfree.train.Sgd}), gradients clipped by their global norm
 * ({@link io.trainfree.train.GradientClipping}), a cosine rate stepped per epoch
 * ({@link io.trainfree.train.CosineSchedule}) and the reference augmentation, all set by a
 * {@link io.trainfree.train.TrainingRecipe}. Stages restart the optimizer and choose the trainable tensors by name
 * ({@link io.trainfree.train.Freezing}: FEAR's stage 2 trains the tail alone). Each epoch reports its loss, its running
 * training accuracy and the wall time of the loop ({@link io.trainfree.train.EpochStats}). The optimizer, clipping and
 * schedule are checked against PyTorch's numbers. Imports {@code model}, {@code data} and {@code space}.
 */
package io.trainfree.train;
