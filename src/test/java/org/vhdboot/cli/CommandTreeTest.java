package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.vhdboot.ops.OutsideWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the branch a command line names is built; help, typos and options first still see every command. */
class CommandTreeTest {
    private static final List<String> TOP = List.of("init", "reset", "finish", "snapshot", "image", "status", "remove",
            "schedule", "unschedule", "agent", "mount", "unmount", "demo", "vhd", "help");
    private static final List<String> IMAGE = List.of("list", "commit", "add", "switch", "confirm", "rollback",
            "flatten", "prune", "push", "pull", "inspect");

    @Test
    void aCommandLineBuildsOnlyTheBranchItNames() throws Exception {
        assertEquals(List.of("reset"), names(tree("reset", "--yes")));
        CommandLine pull = tree("image", "pull", "oci://127.0.0.1/a:b");
        assertEquals(List.of("image"), names(pull));
        assertEquals(List.of("pull"), names(pull.getSubcommands().get("image")));
        assertEquals(List.of("tick"), names(tree("agent", "tick").getSubcommands().get("agent")));
    }

    @Test
    void helpTyposAndOptionsFirstGetEveryCommandInUsageOrder() throws Exception {
        for (String[] args : List.of(new String[0], new String[] {"help", "reset"}, new String[] {"--help"},
                new String[] {"resett"}, new String[] {"Reset"}, new String[] {"-V"})) {
            CommandLine all = tree(args);
            assertEquals(TOP, names(all), String.join(" ", args));
            assertEquals(IMAGE, names(all.getSubcommands().get("image")), String.join(" ", args));
        }
        assertEquals(IMAGE, names(tree("image", "--help").getSubcommands().get("image")));
        assertEquals(IMAGE, names(tree("image", "pul").getSubcommands().get("image")));
    }

    @Test
    void everyGroupListsEachOfItsCommandsOnce() {
        for (Class<?> group : List.of(VhdbootCommand.class, SnapshotCommand.class, ImageCommand.class,
                VhdCommand.class, AgentCommand.class)) {
            List<String> names = CommandTree.commandsOf(group).stream().map(CommandTree::nameOf)
                    .collect(Collectors.toList());
            assertEquals(names.stream().distinct().count(), names.size(), names::toString);
            assertTrue(names.size() >= 3, group + " " + names);
        }
    }

    /** A command class left out of {@link CommandTree} could never be reached. */
    @Test
    void everyCommandClassOfThePackageIsInTheTree() throws Exception {
        Set<Class<?>> listed = new HashSet<>();
        List<Class<?>> groups = new ArrayList<>(List.of(VhdbootCommand.class));
        for (int i = 0; i < groups.size(); i++) {
            for (Class<?> command : CommandTree.commandsOf(groups.get(i))) {
                listed.add(command);
                groups.add(command);
            }
        }
        Path classes = Path.of(VhdbootCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/vhdboot/cli");
        List<String> commands;
        try (Stream<Path> files = Files.list(classes)) {
            commands = files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class"))
                    .map(name -> "org.vhdboot.cli." + name.substring(0, name.length() - ".class".length()))
                    .sorted().collect(Collectors.toList());
        }
        int seen = 0;
        for (String name : commands) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            if (type.isAnnotationPresent(Command.class) && type != VhdbootCommand.class) {
                seen++;
                assertTrue(listed.contains(type), type + " is a command no line can reach: list it in CommandTree");
            }
        }
        assertEquals(listed.size(), seen, "the tree lists the package's commands: " + listed);
    }

    @Test
    void theUsageListsEveryCommandAndANamedOneStillRuns() {
        CommandRun usage = CommandRun.of("--help");
        assertEquals(0, usage.exitCode(), usage::toString);
        for (String name : TOP) {
            assertTrue(usage.out().contains("\n  " + name + " "), name + " in\n" + usage.out());
        }
        CommandRun help = CommandRun.of("help", "snapshot");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: vhdboot snapshot"), help::toString);
        CommandRun typo = CommandRun.of("image", "pul");
        assertEquals(ExitCode.USAGE.code(), typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("'pul'"), typo::toString);
        CommandRun deep = CommandRun.of("help", "image", "add");
        assertEquals(0, deep.exitCode(), deep::toString);
        assertTrue(deep.out().startsWith("Usage: vhdboot image add"), deep::toString);
        CommandRun unknown = CommandRun.of("help", "image", "ad");
        assertEquals(ExitCode.USAGE.code(), unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("Unknown command: 'ad'"), unknown::toString);
        CommandRun nested = CommandRun.of("vhd", "info", "--help");
        assertEquals(0, nested.exitCode(), nested::toString);
        assertTrue(nested.out().contains("Usage: vhdboot vhd info"), nested::toString);
    }

    /** Every command answers --help with its usage, exit 0, whatever options it has of its own. */
    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> lines = new java.util.ArrayList<>();
        for (Class<?> command : CommandTree.commandsOf(VhdbootCommand.class)) {
            if (command == HelpCommand.class) {
                continue;
            }
            String name = CommandTree.nameOf(command);
            lines.add(List.of(name));
            CommandTree.commandsOf(command).forEach(sub -> lines.add(List.of(name, CommandTree.nameOf(sub))));
        }
        assertTrue(lines.contains(List.of("image", "add")), lines.toString());
        for (List<String> line : lines) {
            List<String> args = new java.util.ArrayList<>(line);
            args.add("--help");
            CommandRun help = CommandRun.of(args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), help::toString);
            assertTrue(help.out().contains("Usage: vhdboot " + String.join(" ", line)), help::toString);
        }
    }

    private static CommandLine tree(String... args) throws Exception {
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new BufferedReader(new StringReader("")), false);
        Services services = new Services(console, OutsideWorld.portable(Clock.systemUTC(), Map.of()));
        return CommandTree.forLine(new VhdbootCommand(services), new VhdbootCommand.Factory(services), args);
    }

    private static List<String> names(CommandLine line) {
        return List.copyOf(line.getSubcommands().keySet());
    }
}
