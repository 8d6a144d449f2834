package io.trainfree.model;

import io.trainfree.space.Nb201Arch;
import io.trainfree.space.Nb201Op;
import java.util.ArrayList;
import java.util.List;

/**
 * The module tree of one {@link Nb201Net}: what the forward pass walks and what {@link Nb201Net#layers()} flattens.
 * Names follow the reference's module names (docs/proxies.md §1.4), so tensors are named like its state dict. Only the
 * architecture's ops are here; {@link #supernetLayers} lists the reference's 30 candidate ops per cell.
 */
record Nb201Layout(Layer.Conv2d stemConv, Layer.BatchNorm stemNorm, List<Stage> stages, Layer.BatchNorm headNorm,
        String headRelu, Layer.Linear classifier) {

    /** One stage: its cells, then (except after the last stage) a reduction block. */
    record Stage(int channels, List<Cell> cells, Reduction reduction) {
    }

    /** One cell; {@code edges} in edge order. */
    record Cell(String name, List<Edge> edges) {
    }

    /**
     * One edge's op. {@code relu}, {@code conv}, {@code norm} are set for convolution ops ({@code norm} is null in a
     * network without batch norm); all three are null for the other ops.
     */
    record Edge(int index, Nb201Op op, String relu, Layer.Conv2d conv, Layer.BatchNorm norm) {
        int from() {
            return Nb201Arch.from(index);
        }

        int to() {
            return Nb201Arch.to(index);
        }
    }

    /** The residual reduction block: ReLU-conv3x3(s2)-BN, ReLU-conv3x3-BN, plus avgpool2-conv1x1 shortcut. */
    record Reduction(String name, Layer.Conv2d shortcut, String reluA, Layer.Conv2d convA, Layer.BatchNorm normA,
            String reluB, Layer.Conv2d convB, Layer.BatchNorm normB) {
    }

    /** The reference's dict order of ops, which numbers its 30 candidate ops per cell (edge * 5 + this). */
    static int referenceOpIndex(Nb201Op op) {
        return switch (op) {
            case NONE -> 0;
            case AVG_POOL_3X3 -> 1;
            case NOR_CONV_3X3 -> 2;
            case NOR_CONV_1X1 -> 3;
            case SKIP_CONNECT -> 4;
        };
    }

    private static final Nb201Op[] REFERENCE_OP_ORDER = {
        Nb201Op.NONE, Nb201Op.AVG_POOL_3X3, Nb201Op.NOR_CONV_3X3, Nb201Op.NOR_CONV_1X1, Nb201Op.SKIP_CONNECT};

    static Nb201Layout of(Nb201Net net) {
        int c = net.channels();
        boolean bn = net.batchNorm();
        var stages = new ArrayList<Stage>(3);
        for (int s = 0; s < 3; s++) {
            int ch = c << s;
            var cells = new ArrayList<Cell>(net.cellsPerStage());
            for (int i = 0; i < net.cellsPerStage(); i++) {
                String cellName = cellName(s, i);
                var edges = new ArrayList<Edge>(Nb201Arch.EDGES);
                for (int e = 0; e < Nb201Arch.EDGES; e++) {
                    edges.add(edge(net, cellName, e, net.arch().op(e), ch));
                }
                cells.add(new Cell(cellName, List.copyOf(edges)));
            }
            stages.add(new Stage(ch, List.copyOf(cells), s < 2 ? reduction(s + 1, ch, 2 * ch) : null));
        }
        return new Nb201Layout(new Layer.Conv2d("stem.net.0", 3, c, 3, 1, 1, false),
                bn ? new Layer.BatchNorm("stem.net.1", c, true, true) : null, List.copyOf(stages),
                bn ? new Layer.BatchNorm("top.lastact.0", 4 * c, true, true) : null,
                bn ? "top.lastact.1" : "top.lastact", new Layer.Linear("classifier", 4 * c, net.numClasses(), true));
    }

    private static String cellName(int stage, int index) {
        return "stack_cell" + (stage + 1) + "." + index;
    }

    private static Edge edge(Nb201Net net, String cellName, int e, Nb201Op op, int ch) {
        if (!op.isConv()) {
            return new Edge(e, op, null, null, null);
        }
        String module = cellName + ".options." + (e * 5 + referenceOpIndex(op)) + ".op";
        int k = op == Nb201Op.NOR_CONV_3X3 ? 3 : 1;
        Variant v = net.variant();
        var conv = new Layer.Conv2d(module + ".1", ch, ch, k, 1, k / 2, v.cellConvBias());
        var norm = net.batchNorm()
                ? new Layer.BatchNorm(module + ".2", ch, v.cellNormAffine(), v.cellNormAffine()) : null;
        return new Edge(e, op, module + ".0", conv, norm);
    }

    /** The reduction block {@code reduction<r>}; it keeps its batch norms even in a network without batch norm. */
    private static Reduction reduction(int r, int in, int out) {
        String n = "reduction" + r;
        return new Reduction(n, new Layer.Conv2d(n + ".residual.1", in, out, 1, 1, 0, false),
                n + ".conv_a.op.0", new Layer.Conv2d(n + ".conv_a.op.1", in, out, 3, 2, 1, false),
                new Layer.BatchNorm(n + ".conv_a.op.2", out, true, true),
                n + ".conv_b.op.0", new Layer.Conv2d(n + ".conv_b.op.1", out, out, 3, 1, 1, false),
                new Layer.BatchNorm(n + ".conv_b.op.2", out, true, true));
    }

    /** All layers in the reference's module order. */
    List<Layer> layers() {
        var layers = new ArrayList<Layer>();
        layers.add(stemConv);
        addIfPresent(layers, stemNorm);
        for (Stage stage : stages) {
            for (Cell cell : stage.cells()) {
                for (Edge edge : cell.edges()) {
                    addIfPresent(layers, edge.conv());
                    addIfPresent(layers, edge.norm());
                }
            }
            addReduction(layers, stage.reduction());
        }
        addIfPresent(layers, headNorm);
        layers.add(classifier);
        return List.copyOf(layers);
    }

    private static void addReduction(List<Layer> layers, Reduction r) {
        if (r != null) { // module order of the reference's reduction class: residual, conv_a, conv_b
            layers.add(r.shortcut());
            layers.add(r.convA());
            layers.add(r.normA());
            layers.add(r.convB());
            layers.add(r.normB());
        }
    }

    private static void addIfPresent(List<Layer> layers, Layer layer) {
        if (layer != null) {
            layers.add(layer);
        }
    }

    /**
     * The layers of the reference's model object, which instantiates all 5 candidate ops on every edge of every cell
     * whatever the architecture (docs/proxies.md §1.3), in its module order.
     */
    static List<Layer> supernetLayers(Nb201Net net) {
        Nb201Layout layout = of(net);
        var layers = new ArrayList<Layer>();
        layers.add(layout.stemConv());
        addIfPresent(layers, layout.stemNorm());
        for (Stage stage : layout.stages()) {
            for (Cell cell : stage.cells()) {
                for (int e = 0; e < Nb201Arch.EDGES; e++) {
                    for (Nb201Op op : REFERENCE_OP_ORDER) {
                        Edge edge = edge(net, cell.name(), e, op, stage.channels());
                        addIfPresent(layers, edge.conv());
                        addIfPresent(layers, edge.norm());
                    }
                }
            }
            addReduction(layers, stage.reduction());
        }
        addIfPresent(layers, layout.headNorm());
        layers.add(layout.classifier());
        return List.copyOf(layers);
    }
}
