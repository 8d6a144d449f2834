/**
 * Search spaces as values: an architecture is a record that parses from and prints to its benchmark's own string
 * ({@link io.trainfree.space.Nb201Arch}, {@link io.trainfree.space.Tnb101Arch}), a space lists its architectures in
 * the benchmark's index order ({@link io.trainfree.space.Nb201Space}, {@link io.trainfree.space.Tnb101Space}), and
 * {@link io.trainfree.space.Nb201Isomorphism} groups NAS-Bench-201 cells that compute the same function (the
 * benchmark's rule with its 6,466 classes, and the functional one with 4,930).
 *
 * <p>Imports nothing else of trainfree: every other package builds on these values.
 */
package io.trainfree.space;
