package org.vhdboot.cli;

import picocli.CommandLine.Option;

/** {@code -y/--yes} of the commands that ask before they discard or delete something. */
final class ConfirmOption {
    @Option(names = {"-y", "--yes"}, description = "do not ask for confirmation (needed when not on a terminal)")
    boolean yes;
}
