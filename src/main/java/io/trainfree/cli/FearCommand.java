package io.trainfree.cli;

import picocli.CommandLine.Command;

/** {@code trainfree fear}: the FEAR study (run, report). */
@Command(name = "fear", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "FEAR (Dey, Shah and Bubeck, arXiv 2106.04010): rank NAS-Bench-201 architectures by quick "
                + "feature-extractor training, beside shortened training and zero-cost proxies (docs/training.md).",
        subcommands = {FearRunCommand.class, FearReportCommand.class})
final class FearCommand {
}
