package org.vhdboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every command and the groups they belong to, and the picocli tree one command line needs: only the branch it
 * names. picocli reads every annotation of a command when it is added, and building the whole tree cost every command
 * 65-110 ms of its start-up (docs/benchmarks.md). Help, a typo or an option where a command name belongs get the
 * whole group, so usage and suggestions see every command.
 */
final class CommandTree {
    /** Each group's commands, in the order its usage lists them. */
    private static final Map<Class<?>, List<Class<?>>> GROUPS = Map.of(
            VhdbootCommand.class, List.of(InitCommand.class, ResetCommand.class, FinishCommand.class,
                    SnapshotCommand.class, ImageCommand.class, StatusCommand.class, RemoveCommand.class,
                    ScheduleCommand.class, UnscheduleCommand.class, AgentCommand.class, MountCommand.class,
                    UnmountCommand.class, DemoCommand.class, VhdCommand.class, HelpCommand.class),
            SnapshotCommand.class, List.of(SnapshotCreateCommand.class, SnapshotListCommand.class,
                    SnapshotRevertCommand.class, SnapshotDeleteCommand.class),
            ImageCommand.class, List.of(ImageListCommand.class, ImageCommitCommand.class, ImageAddCommand.class,
                    ImageSwitchCommand.class, ImageConfirmCommand.class, ImageRollbackCommand.class,
                    ImageFlattenCommand.class, ImagePruneCommand.class, ImagePushCommand.class,
                    ImagePullCommand.class, ImageInspectCommand.class),
            VhdCommand.class, List.of(VhdCreateCommand.class, VhdDiffCommand.class, VhdInfoCommand.class,
                    VhdCheckCommand.class, VhdWriteCommand.class, VhdConvertCommand.class),
            AgentCommand.class, List.of(AgentCommand.Install.class, AgentCommand.Uninstall.class,
                    AgentCommand.Tick.class));

    private CommandTree() {
    }

    /** The tree under {@code root} that {@code args} needs, its commands made by {@code factory}. */
    static CommandLine forLine(Object root, CommandLine.IFactory factory, String... args) throws Exception {
        CommandLine line = new CommandLine(root, factory);
        addCommands(line, root.getClass(), factory, args, 0);
        return line;
    }

    /** The commands of {@code group}, in usage order; none for a command that is no group. */
    static List<Class<?>> commandsOf(Class<?> group) {
        return GROUPS.getOrDefault(group, List.of());
    }

    static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static void addCommands(CommandLine parent, Class<?> group, CommandLine.IFactory factory, String[] args,
                                    int index) throws Exception {
        Optional<Class<?>> named = index < args.length ? commandsOf(group).stream()
                .filter(command -> command != HelpCommand.class && nameOf(command).equals(args[index]))
                .findFirst() : Optional.empty();
        for (Class<?> command : named.map(List::<Class<?>>of).orElse(commandsOf(group))) {
            CommandLine child = new CommandLine(factory.create(command), factory);
            // Below a command not named, every command: its help lists them.
            addCommands(child, command, factory, args, named.isPresent() ? index + 1 : args.length);
            parent.addSubcommand(child);
        }
    }
}
