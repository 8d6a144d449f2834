/**
 * Where trainfree's data comes from and the image batches it feeds networks: the one {@link
 * io.trainfree.data.DataResolver}, the CIFAR-10 / CIFAR-100 / ImageNet16-120 readers ({@link
 * io.trainfree.data.Images}), and seeded, augmented, normalised batches as DJL NDArrays ({@link
 * io.trainfree.data.BatchSampler}).
 */
package io.trainfree.data;
