package org.vhdboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vhdboot image}: golden-image versions, shipped through OCI registries and image-layout folders. */
@Command(name = "image",
        mixinStandardHelpOptions = true,
        description = "Golden-image versions: push them to an OCI registry or image-layout folder, pull them into a"
                + " layout, inspect what a registry holds.",
        subcommands = {ImagePushCommand.class, ImagePullCommand.class, ImageInspectCommand.class})
final class ImageCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: push, pull or inspect");
    }
}
