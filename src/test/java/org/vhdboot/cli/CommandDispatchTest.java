package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the command a line names is built; help, typos and options first still see every command. */
class CommandDispatchTest {
    private static final List<String> NAMES = List.of("init", "reset", "snapshot", "image", "status", "remove",
            "schedule", "unschedule", "agent", "mount", "unmount", "demo", "vhd", "help");

    @Test
    void aCommandLineBuildsOnlyTheCommandItNames() {
        assertEquals(List.of(ResetCommand.class), VhdbootCommand.commandsNamedBy("reset", "--yes"));
        assertEquals(List.of(ImageCommand.class), VhdbootCommand.commandsNamedBy("image", "pull", "oci://127.0.0.1/a:b"));
    }

    @Test
    void helpTyposAndOptionsFirstGetEveryCommandInUsageOrder() {
        for (String[] args : List.of(new String[0], new String[] {"help", "reset"}, new String[] {"--help"},
                new String[] {"resett"}, new String[] {"Reset"}, new String[] {"-V"})) {
            assertEquals(NAMES, VhdbootCommand.commandsNamedBy(args).stream()
                    .map(command -> command.getAnnotation(Command.class).name()).collect(Collectors.toList()),
                    String.join(" ", args));
        }
    }

    @Test
    void theUsageListsEveryCommandAndANamedOneStillRuns() {
        CommandRun usage = CommandRun.of("--help");
        assertEquals(0, usage.exitCode(), usage::toString);
        for (String name : NAMES) {
            assertTrue(usage.out().contains("\n  " + name + " "), name + " in\n" + usage.out());
        }
        CommandRun help = CommandRun.of("help", "snapshot");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().contains("Usage: vhdboot snapshot"), help::toString);
        CommandRun typo = CommandRun.of("resett");
        assertEquals(ExitCode.USAGE.code(), typo.exitCode(), typo::toString);
        assertTrue(typo.err().contains("'resett'"), typo::toString);
        CommandRun nested = CommandRun.of("vhd", "info", "--help");
        assertEquals(0, nested.exitCode(), nested::toString);
        assertTrue(nested.out().contains("Usage: vhdboot vhd info"), nested::toString);
    }
}
