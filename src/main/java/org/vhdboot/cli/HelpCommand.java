package org.vhdboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code vhdboot help [COMMAND...]}: the usage of vhdboot or of any command below it, {@code help image add} too. */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of vhdboot, or of a command: help image add.")
final class HelpCommand implements Runnable, CommandLine.IHelpCommandInitializable2 {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command, with its group: image add")
    List<String> names = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
                     PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine shown = self.getParent();
        for (String name : names) {
            CommandLine below = shown.getSubcommands().get(name);
            if (below == null) {
                throw new CommandLine.ParameterException(self, "Unknown command: '" + name + "'");
            }
            shown = below;
        }
        shown.usage(out, colors);
    }
}
