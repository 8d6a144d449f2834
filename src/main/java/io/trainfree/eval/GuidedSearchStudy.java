package io.trainfree.eval;

import io.trainfree.bench.Metric;
import io.trainfree.bench.Nb201;
import io.trainfree.data.Dataset;
import io.trainfree.job.FileFormatException;
import io.trainfree.job.JobListener;
import io.trainfree.job.KeyedJob;
import io.trainfree.predict.ClassicPredictors;
import io.trainfree.predict.Encoders;
import io.trainfree.predict.Manner;
import io.trainfree.predict.NeuralPredictor;
import io.trainfree.predict.Pretrained;
import io.trainfree.predict.TrainingOptions;
import io.trainfree.search.PredictorGuidedEvolution;
import io.trainfree.search.RandomSearch;
import io.trainfree.search.Rea;
import io.trainfree.search.Search;
import io.trainfree.search.SearchProblem;
import io.trainfree.search.SearchStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Predictor-guided search on NAS-Bench-201 CIFAR-10 (the DELE issue's search study): {@link PredictorGuidedEvolution}
 * with a DELE-GATES predictor, a vanilla GATES predictor and a random forest, beside random search and regularised
 * evolution, at the same number of queried cells, over seeds, as a resumable job with one row per (method, seed).
 *
 * <p>A query returns the cell's 200-epoch CIFAR-10 validation accuracy ({@code cifar10-valid}); the cell found, the
 * best queried by that accuracy, is reported by its 200-epoch test accuracy, so the search never sees the number it
 * is judged by. The DELE predictor starts every round's fit from one step-1 state (its experts trained once on the
 * low-fidelity labels of the split's training half), which the caller supplies; step 2 runs {@code epochs} epochs on
 * the cells queried so far, as does the vanilla GATES predictor from scratch.
 */
public final class GuidedSearchStudy {
    /** The job's kind, recorded in its journal. */
    public static final String KIND = "dele-search";
    /** The methods by name, in table order. */
    public static final List<String> METHODS = List.of("DELE-GATES", "GATES", "RF", "REA", "RS");

    private GuidedSearchStudy() {
    }

    /**
     * What the job computes; a resumed job must have the same.
     *
     * @param methods    names from {@link #METHODS}
     * @param budget     queried cells per run
     * @param seeds      seeds of the runs
     * @param initial    the guided searches' random initial cells
     * @param population their inner population
     * @param parents    their parent pool
     * @param innerSteps children proposed per round
     * @param perRound   children queried per round
     * @param epochs     step-2 (and vanilla) epochs per fit
     * @param step1      what the DELE step-1 state is ({@link #describe(Pretrained)}), so a job never mixes two
     */
    public record Settings(List<String> methods, int budget, List<Long> seeds, int initial, int population,
            int parents, int innerSteps, int perRound, int epochs, String step1) {
        public Settings {
            methods = List.copyOf(methods);
            seeds = List.copyOf(seeds);
            for (String m : methods) {
                if (!METHODS.contains(m)) {
                    throw new IllegalArgumentException("unknown search method '" + m + "'; known: " + METHODS);
                }
            }
            if (methods.isEmpty() || seeds.isEmpty() || budget < 1 || epochs < 1) {
                throw new IllegalArgumentException("a search study needs a method, a seed, a budget >= 1 and "
                        + "epochs >= 1");
            }
            loop(initial, population, parents, innerSteps, perRound); // refuses inconsistent sizes
        }

        /** The guided searches' loop. */
        public PredictorGuidedEvolution.Settings loop() {
            return loop(initial, population, parents, innerSteps, perRound);
        }

        private static PredictorGuidedEvolution.Settings loop(int initial, int population, int parents,
                int innerSteps, int perRound) {
            return new PredictorGuidedEvolution.Settings(initial, population, parents, innerSteps, perRound);
        }
    }

    /**
     * One search.
     *
     * @param method  its method
     * @param seed    its seed
     * @param queried the cells it queried, benchmark indices in order
     * @param seconds wall time
     */
    public record Run(String method, long seed, int[] queried, double seconds) {
        public Run {
            queried = queried.clone();
        }

        @Override
        public int[] queried() {
            return queried.clone();
        }

        Key key() {
            return new Key(method, seed);
        }
    }

    /** What identifies a search. */
    record Key(String method, long seed) {
        @Override
        public String toString() {
            return method + " seed " + seed;
        }
    }

    /** What the job did: every run in the settings' order, and the runs made in this session. */
    public record Result(List<Run> runs, Path target, int computed, double seconds) {
        public Result {
            runs = List.copyOf(runs);
        }
    }

    /** The step-1 state as the settings record it: encoder, manner, seed, epochs and experts. */
    public static String describe(Pretrained step1) {
        return String.format(Locale.ROOT, "%s %s seed %d, %d epochs, experts %s", step1.encoder(),
                step1.manner().name().toLowerCase(Locale.ROOT), step1.seed(), step1.epochs(),
                String.join(" ", step1.experts()));
    }

    /** What the searches see: 200-epoch CIFAR-10 validation accuracy per query, the test accuracy reported. */
    public static SearchProblem problem(Nb201 nb201) {
        List<String> archs = nb201.space().archs().stream().map(a -> a.archString()).toList();
        return new SearchProblem(nb201.name() + " cifar10 (200-epoch validation queries)",
                nb201.values(Dataset.CIFAR10, Metric.VAL_ACCURACY), new double[Nb201.SIZE],
                nb201.values(Dataset.CIFAR10, Metric.TEST_ACCURACY), archs);
    }

    /** The strategy of a method; {@code step1} is used by DELE-GATES only. */
    public static SearchStrategy strategy(String method, Settings s, Nb201 nb201, Pretrained step1) {
        var loop = s.loop();
        return switch (method) {
            case "DELE-GATES" -> {
                Objects.requireNonNull(step1, "DELE-GATES needs a step-1 state");
                yield new PredictorGuidedEvolution(method, nb201.space(), seed -> NeuralPredictor.of(
                        Encoders.of("gates"), Manner.DELE, new TrainingOptions(seed).withEpochs(step1.epochs(),
                                s.epochs())).startFrom(step1), loop);
            }
            case "GATES" -> new PredictorGuidedEvolution(method, nb201.space(), seed -> NeuralPredictor.of(
                    Encoders.of("gates"), Manner.VANILLA, new TrainingOptions(seed).withEpochs(0, s.epochs())), loop);
            case "RF" -> new PredictorGuidedEvolution(method, nb201.space(), ClassicPredictors::randomForest, loop);
            case "REA" -> new Rea(nb201.space());
            case "RS" -> new RandomSearch();
            default -> throw new IllegalArgumentException("unknown search method '" + method + "'; known: "
                    + METHODS);
        };
    }

    /** Runs (or resumes) the study into {@code target}. */
    public static Result run(Settings settings, Nb201 nb201, Pretrained step1, Path target, KeyedJob.Options options,
            JobListener listener) {
        Objects.requireNonNull(settings, "settings");
        if (settings.methods().contains("DELE-GATES") && !describe(step1).equals(settings.step1())) {
            throw new IllegalArgumentException("the step-1 state given (" + describe(step1) + ") is not the settings' ("
                    + settings.step1() + ")");
        }
        SearchProblem problem = problem(nb201);
        List<Key> computeOrder = new ArrayList<>();
        for (long seed : settings.seeds()) {
            for (String method : settings.methods()) {
                computeOrder.add(new Key(method, seed));
            }
        }
        List<Key> readOrder = new ArrayList<>();
        for (String method : settings.methods()) {
            for (long seed : settings.seeds()) {
                readOrder.add(new Key(method, seed));
            }
        }
        var out = StudyJob.run(KIND, target, settings, codec(), options, listener, "searches", computeOrder, readOrder,
                key -> {
                    long t0 = System.nanoTime();
                    Search search = strategy(key.method(), settings, nb201, step1).run(problem, settings.budget(),
                            key.seed());
                    return new Run(key.method(), key.seed(), search.queried(), (System.nanoTime() - t0) / 1e9);
                });
        return new Result(out.rows(), target, out.computed(), out.seconds());
    }

    /**
     * The cell found after {@code budget} queries (the best queried by validation accuracy), by its test accuracy:
     * runs, mean and sample std over seeds per method, and the benchmark's best test accuracy for scale.
     */
    public static Table summary(List<Run> runs, SearchProblem problem, int... budgets) {
        var method = StringColumn.create("method");
        var budget = IntColumn.create("queries");
        var count = IntColumn.create("runs");
        var mean = DoubleColumn.create("test_accuracy");
        var std = DoubleColumn.create("std");
        var regret = DoubleColumn.create("regret");
        double best = Arrays.stream(problem.reported()).max().orElseThrow();
        for (int b : budgets) {
            for (var e : byMethod(runs).entrySet()) {
                double[] found = e.getValue().stream().filter(r -> r.queried().length >= b)
                        .mapToDouble(r -> search(problem, r, b).reported()).toArray();
                method.append(e.getKey());
                budget.append(b);
                count.append(found.length);
                double m = Arrays.stream(found).average().orElse(Double.NaN);
                mean.append(m);
                std.append(SampleStats.std(found));
                regret.append(best - m);
            }
        }
        String title = String.format(Locale.ROOT, "NAS-Bench-201 CIFAR-10: test accuracy (%%) of the cell found; "
                + "regret to the best cell (%.2f %%)", best);
        return Printing.fixed(Table.create(title, method, budget, count, mean, std, regret), 3);
    }

    /** Per method and number of queries: mean and sample std over seeds of the best-so-far cell's test accuracy. */
    public static Table curves(List<Run> runs, SearchProblem problem) {
        var method = StringColumn.create("method");
        var queries = IntColumn.create("queries");
        var mean = DoubleColumn.create("test_accuracy");
        var std = DoubleColumn.create("std");
        for (var e : byMethod(runs).entrySet()) {
            List<double[]> curves = e.getValue().stream().map(r -> search(problem, r, r.queried().length).curve())
                    .toList();
            int length = curves.stream().mapToInt(c -> c.length).min().orElse(0);
            for (int t = 0; t < length; t++) {
                int at = t;
                double[] v = curves.stream().mapToDouble(c -> c[at]).toArray();
                method.append(e.getKey());
                queries.append(t + 1);
                mean.append(Arrays.stream(v).average().orElse(Double.NaN));
                std.append(SampleStats.std(v));
            }
        }
        return Printing.fixed(Table.create("best-so-far test accuracy (%), mean over seeds", method, queries, mean,
                std), 3);
    }

    private static Search search(SearchProblem problem, Run r, int budget) {
        return Search.of(problem, r.method(), r.seed(), Arrays.copyOf(r.queried(), budget));
    }

    private static LinkedHashMap<String, List<Run>> byMethod(List<Run> runs) {
        return runs.stream().collect(Collectors.groupingBy(Run::method, LinkedHashMap::new, Collectors.toList()));
    }

    // ---- the table -------------------------------------------------------------------------------------------------

    static final String HEADER = "method,seed,seconds,queried";

    static String line(Run r) {
        return r.method() + "," + r.seed() + "," + r.seconds() + "," + Arrays.stream(r.queried)
                .mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    static Run parse(Path file, int line, String text) {
        String[] f = text.split(",", -1);
        if (f.length != 4) {
            throw new FileFormatException(file, line, "has " + f.length + " fields, expected 4 (" + HEADER + ")");
        }
        try {
            int[] queried = Arrays.stream(f[3].strip().split(" ")).mapToInt(Integer::parseInt).toArray();
            return new Run(f[0], Long.parseLong(f[1]), queried, Double.parseDouble(f[2]));
        } catch (NumberFormatException e) {
            throw new FileFormatException(file, line, "cannot be read as a search run: " + e.getMessage());
        }
    }

    /** The runs of a table under the data roots, or, while its job runs, the finished runs of its journal. */
    public static List<Run> load(String relative) {
        return StudyTables.load(relative, KIND, codec(), GuidedSearchStudy::read, "the search study writes it: "
                + "trainfree dele search");
    }

    private static StudyCodec<Run> codec() {
        return new StudyCodec<>("search study", HEADER, GuidedSearchStudy::line, GuidedSearchStudy::parse, Run::key);
    }

    /** Reads a finished table. */
    public static List<Run> read(Path file) {
        return codec().readTable(file);
    }
}
