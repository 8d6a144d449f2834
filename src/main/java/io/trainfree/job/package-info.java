/**
 * Long computations that survive interruptions: a {@link io.trainfree.job.KeyedJob} computes rows keyed by an item
 * (a cell, a training run, an architecture) into one file, appending each finished row to a
 * {@link io.trainfree.job.Journal} beside it, so a rerun with the same settings resumes where the last one stopped.
 * One journal format and one reader for every kind of job; a job's rows are lines through its
 * {@link io.trainfree.job.RowCodec}, its settings and summary are records written with Gson
 * ({@link io.trainfree.job.Json}), a {@link io.trainfree.job.JobLock} keeps a second job off a journal, a resume with
 * other settings is a {@link io.trainfree.job.SettingsMismatchException}, final files are written atomically
 * ({@link io.trainfree.job.AtomicFiles}), and progress, notes and warnings go to a
 * {@link io.trainfree.job.JobListener}: nothing here prints. Imports nothing else of trainfree.
 */
package io.trainfree.job;
