package org.vhdboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vhdboot image}: golden-image versions as read-only layers, and the A/B switch between them. */
@Command(name = "image",
        mixinStandardHelpOptions = true,
        description = "Golden-image versions as read-only layers, and an A/B switch that falls back by itself.",
        subcommands = {ImageListCommand.class, ImageCommitCommand.class, ImageAddCommand.class,
                ImageSwitchCommand.class, ImageConfirmCommand.class, ImageRollbackCommand.class,
                ImageFlattenCommand.class, ImagePruneCommand.class})
final class ImageCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, commit, add, switch,"
                + " confirm, rollback, flatten or prune");
    }
}
