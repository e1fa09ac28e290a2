package org.vhdboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vhdboot snapshot}: restore points of Current. Its commands are listed in {@link CommandTree}. */
@Command(name = "snapshot",
        mixinStandardHelpOptions = true,
        description = "Restore points of Current: take one, list the tree, go back to one, delete one.")
final class SnapshotCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create, list, revert or"
                + " delete");
    }
}
