package io.trainfree.train;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where a run of named phases (FEAR's two stages, a shortreg run) leaves its epoch ends, so that a killed run continues
 * after the last finished epoch instead of starting over. A phase is a stage of one {@link NetworkTrainer}; its name is
 * the caller's ({@code fear1}, {@code short4}, ...).
 */
public interface EpochStore {
    /**
     * The epochs of {@code phase} already finished, in order; if there are any, {@code trainer} (in the same stage the
     * epochs were trained in) is restored to its state after the last of them.
     */
    List<EpochStats> resume(String phase, NetworkTrainer trainer);

    /** An epoch of {@code phase} has ended; {@code trainer} holds the network as it left the epoch. */
    void finished(String phase, EpochStats stats, NetworkTrainer trainer);

    /** Keeps nothing (every run starts afresh) and tells {@code listener} of each epoch. */
    static EpochStore listening(Consumer<EpochStats> listener) {
        Objects.requireNonNull(listener, "listener");
        return new EpochStore() {
            @Override
            public List<EpochStats> resume(String phase, NetworkTrainer trainer) {
                return List.of();
            }

            @Override
            public void finished(String phase, EpochStats stats, NetworkTrainer trainer) {
                listener.accept(stats);
            }
        };
    }
}
