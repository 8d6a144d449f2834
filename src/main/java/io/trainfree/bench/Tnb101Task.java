package io.trainfree.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The seven TransNAS-Bench-101 tasks, by the benchmark's own ids, in the order of its paper's tables. */
public enum Tnb101Task {
    CLASS_SCENE("class_scene"),
    CLASS_OBJECT("class_object"),
    ROOM_LAYOUT("room_layout"),
    JIGSAW("jigsaw"),
    SEGMENTSEMANTIC("segmentsemantic"),
    NORMAL("normal"),
    AUTOENCODER("autoencoder");

    private final String id;

    Tnb101Task(String id) {
        this.id = id;
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
