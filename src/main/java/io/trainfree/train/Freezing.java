package io.trainfree.train;

import io.trainfree.model.Nb201Net;
import java.util.function.Predicate;

/**
 * Which tensors stay trainable, by name. trainfree's names follow the zero-cost reference's modules:
 * {@code stem.net.*}, {@code stack_cell<s>.<i>.*}, {@code reduction<r>.*}, {@code top.lastact.*} and
 * {@code classifier.*}.
 * NB201's official TinyNetwork numbers the same modules {@code cells.0} to {@code cells.16} (N = 5: five cells, a
 * reduction block, five cells, a reduction block, five cells); {@link #tinyNetworkName} translates.
 */
public final class Freezing {
    private Freezing() {
    }

    /** Everything trainable. */
    public static Predicate<String> none() {
        return name -> true;
    }

    /**
     * FEAR's stage 2: the last four cells of the last stage ({@code cells.13} to {@code cells.16} at N = 5; all cells
     * of the stage but the first four counted from the end when N &lt; 5), the head's batch norm and the classifier.
     */
    public static Predicate<String> fearTail(Nb201Net net) {
        int first = Math.max(0, net.cellsPerStage() - 4);
        return name -> {
            if (name.startsWith("top.lastact") || name.startsWith("classifier")) {
                return true;
            }
            if (!name.startsWith("stack_cell3.")) {
                return false;
            }
            int dot = name.indexOf('.', "stack_cell3.".length());
            return Integer.parseInt(name.substring("stack_cell3.".length(), dot)) >= first;
        };
    }

    /** The official TinyNetwork's module name of a trainfree tensor name, e.g. {@code cells.13.…} for a cell. */
    public static String tinyNetworkName(String name, int cellsPerStage) {
        if (name.startsWith("stack_cell")) {
            int stage = name.charAt("stack_cell".length()) - '1';
            int dot = name.indexOf('.', "stack_cell1.".length());
            int cell = Integer.parseInt(name.substring("stack_cell1.".length(), dot));
            return "cells." + (stage * (cellsPerStage + 1) + cell) + name.substring(dot);
        }
        if (name.startsWith("reduction")) {
            int r = name.charAt("reduction".length()) - '0';
            return "cells." + (r * (cellsPerStage + 1) - 1) + name.substring("reduction1".length());
        }
        if (name.startsWith("top.")) {
            return name.substring("top.".length());
        }
        return name.startsWith("stem.net.") ? "stem." + name.substring("stem.net.".length()) : name;
    }
}
