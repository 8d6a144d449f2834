package io.trainfree.cli;

import picocli.CommandLine.Command;

/** {@code trainfree bench ...}: look at benchmark tables. (Filled in by the bench work.) */
@Command(name = "bench", description = "Query the published NAS benchmarks.")
final class BenchCommand {
}
