package org.vhdboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vhdboot vhd}: the disk-image tools. Its commands are listed in {@link CommandTree}. */
@Command(name = "vhd",
        mixinStandardHelpOptions = true,
        description = "Create, inspect, check, write and convert VHD and VHDX images.")
final class VhdCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: create, diff, info, check,"
                + " write or convert");
    }
}
