package io.trainfree.cli;

import picocli.CommandLine.Command;

/** {@code trainfree data ...}: where data comes from. */
@Command(name = "data", description = "Find and check data files.")
final class DataCommand {
}
