package org.vhdboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vhdboot image}: golden-image versions as read-only layers, the A/B switch between them, and their
 * shipping through OCI registries and image-layout folders. Its commands are listed in {@link CommandTree}.
 */
@Command(name = "image",
        mixinStandardHelpOptions = true,
        description = "Golden-image versions as read-only layers, an A/B switch that falls back by itself, and"
                + " shipping: push them to an OCI registry or image-layout folder, pull them into a layout, inspect"
                + " what a registry holds.")
final class ImageCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, commit, add, switch,"
                + " confirm, rollback, flatten, prune, push, pull or inspect");
    }
}
