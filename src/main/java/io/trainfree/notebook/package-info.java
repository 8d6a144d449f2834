/**
 * Display helpers for notebooks, so that a cell reads like the paper's pseudo-code: tables as HTML
 * ({@link io.trainfree.notebook.Show}), XChart charts from table columns ({@link io.trainfree.notebook.Charts}),
 * rank correlations as a table ({@link io.trainfree.notebook.Correlations}), a progress bar for terminals and
 * notebooks ({@link io.trainfree.notebook.Progress}), a long job's progress and notes
 * ({@link io.trainfree.notebook.JobProgress}) and {@code display(obj)} ({@link io.trainfree.notebook.Display}).
 * No logic lives here: the maths is in {@code io.trainfree.eval} and the libraries.
 */
package io.trainfree.notebook;
