package io.trainfree.bench;

import io.trainfree.data.DataFile;
import io.trainfree.data.DataResolver;
import io.trainfree.job.AtomicFiles;
import io.trainfree.job.FileFormatException;
import io.trainfree.space.DartsGenotype;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The SWAP paper's 1,000 DARTS cells with their CIFAR-10 validation accuracy ({@code darts/DARTS_archs_CIFAR10.csv}
 * from the authors' repository): one line per cell, no header, {@code "Genotype(...)",valid_acc} (%).
 *
 * @param genotypes     the cells, in the file's order
 * @param validAccuracy their CIFAR-10 validation accuracy (%), in the same order
 */
public record DartsCells(List<DartsGenotype> genotypes, double[] validAccuracy) {
    public DartsCells {
        genotypes = List.copyOf(genotypes);
        validAccuracy = validAccuracy.clone();
        if (genotypes.size() != validAccuracy.length) {
            throw new IllegalArgumentException(genotypes.size() + " genotypes, " + validAccuracy.length
                    + " accuracies");
        }
    }

    /** The file the standard resolver finds. */
    public static DartsCells load() {
        return load(DataResolver.standard());
    }

    /** The file {@code resolver} finds. */
    public static DartsCells load(DataResolver resolver) {
        return read(resolver.resolve(DataFile.DARTS_ARCHS));
    }

    /**
     * Reads the file.
     *
     * @throws FileFormatException naming the line and what is wrong with it (a genotype's error gives its position)
     */
    public static DartsCells read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFiles.describe(e), e);
        }
        List<DartsGenotype> genotypes = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int close = line.lastIndexOf("\",");
            if (!line.startsWith("\"") || close < 1) {
                throw new FileFormatException(file, i + 1, "expected \"Genotype(...)\",valid_acc");
            }
            try {
                genotypes.add(DartsGenotype.parse(line.substring(1, close)));
                accuracy.add(Double.parseDouble(line.substring(close + 2).strip()));
            } catch (IllegalArgumentException e) {
                throw new FileFormatException(file, i + 1, e.getMessage(), e);
            }
        }
        return new DartsCells(genotypes, accuracy.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The number of cells. */
    public int size() {
        return genotypes.size();
    }
}
