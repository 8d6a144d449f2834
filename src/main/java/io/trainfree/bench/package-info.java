/**
 * Published NAS benchmarks read as published: NAS-Bench-201 ({@link io.trainfree.bench.Nb201}) and
 * TransNAS-Bench-101 ({@link io.trainfree.bench.Tnb101}) behind one {@link io.trainfree.bench.Benchmark} query verb
 * and {@link io.trainfree.bench.Metric} enum, a {@link io.trainfree.bench.QueryCounter} that charges searches for
 * what they look at, and the readers underneath (Python pickles with NumPy scalars, strict CSV), whose errors name
 * the file and the record or line.
 */
package io.trainfree.bench;
