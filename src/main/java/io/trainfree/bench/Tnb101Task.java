package io.trainfree.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The seven TransNAS-Bench-101 tasks, by the benchmark's own ids, in the order of its paper's tables. */
public enum Tnb101Task {
    CLASS_SCENE("class_scene", "top-1 accuracy (%)"),
    CLASS_OBJECT("class_object", "top-1 accuracy (%)"),
    ROOM_LAYOUT("room_layout", "negative L2 loss"),
    JIGSAW("jigsaw", "top-1 accuracy (%)"),
    // NASLib does not say which segmentation score it released; 91.6 to 94.6 is the range of a pixel accuracy
    SEGMENTSEMANTIC("segmentsemantic", "segmentation score (%; by its range a pixel accuracy)"),
    NORMAL("normal", "SSIM"),
    AUTOENCODER("autoencoder", "SSIM");

    private final String id;
    private final String score;

    Tnb101Task(String id, String score) {
        this.id = id;
        this.score = score;
    }

    /**
     * What the task's {@code val_accuracy} column measures, as NAS-Bench-Suite-Zero released it (higher is better in
     * every task): {@code top-1 accuracy (%)}, {@code SSIM}, {@code negative L2 loss}, ...
     */
    public String score() {
        return score;
    }

    /** The benchmark's id, e.g. {@code class_scene}. */
    public String id() {
        return id;
    }

    /** The task with this id (or constant name), case-insensitively; an unknown name lists the known ones. */
    public static Tnb101Task parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Tnb101Task t : values()) {
            if (t.id.equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown TransNAS-Bench-101 task '" + name + "'; known: "
                + Arrays.stream(values()).map(Tnb101Task::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
