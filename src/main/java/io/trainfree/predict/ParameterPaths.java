package io.trainfree.predict;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters by their path in a block tree, {@code 01expert0.01encoder.02x_hidden.weight}: DJL's child names (its
 * position and name) and the parameter's name, joined by dots. DJL's own ids are random per instance; paths are the
 * same for every block built alike, so they key saved optimizer states.
 */
final class ParameterPaths {
    private ParameterPaths() {
    }

    /** Every parameter of {@code block} and its children, in DJL's order (direct parameters first, then children). */
    static Map<String, Parameter> of(Block block) {
        var paths = new LinkedHashMap<String, Parameter>();
        collect(block, "", paths);
        return paths;
    }

    /** The same under a prefix ({@code "02gate."}). */
    static Map<String, Parameter> of(Block block, String prefix) {
        var paths = new LinkedHashMap<String, Parameter>();
        collect(block, prefix, paths);
        return paths;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> into) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            into.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + child.getKey() + ".", into);
        }
    }
}
