package io.trainfree.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns published artefacts into the file trainfree reads, when the two differ (a pandas pickle, a JSON result file,
 * re-packed tensors). A converter is a pure function of its inputs: the same artefacts give the same bytes, which is
 * what lets the project record the output's SHA-256.
 */
@FunctionalInterface
public interface Converter {
    /**
     * Writes the converted file.
     *
     * @param artefacts the downloaded artefacts, in the order of {@link DataSource#artefacts()}
     * @param out       where the file's bytes go (the caller writes them atomically into place)
     * @throws IOException on an unreadable artefact; the message names the file and what was expected
     */
    void convert(List<Path> artefacts, OutputStream out) throws IOException;
}
