package org.vhdboot.ops;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The attacks of issue 10 on {@code vhdboot.journal}: a journal naming the parent, a file outside the folder,
 * the other child or anything the layout does not define for its target is refused with exit 6 and one line
 * naming the file, the line and the key, by every command that reads it, and nothing anywhere changes.
 */
class JournalConfinementTest {
    private static HostileArena arena;

    @BeforeAll
    static void makeArena() throws Exception {
        arena = HostileArena.create("vhd");
    }

    @AfterAll
    static void removeArena() throws Exception {
        arena.close();
    }

    @BeforeEach
    void restore() throws Exception {
        arena.restore();
    }

    /** A journal as a reset of Current writes it, with one line replaced by the attack. */
    private static String journal(String key, String value) {
        StringBuilder text = new StringBuilder("# vhdboot reset in progress\n");
        String[][] lines = {{"target", "current"}, {"target_file", "Gold-Current.vhd"},
                {"replacement", "Gold-Current.vhdboot-tmp.vhd"}, {"started", "2026-11-27T01:00:00Z"}};
        boolean replaced = false;
        for (String[] line : lines) {
            boolean attacked = line[0].equals(key);
            replaced |= attacked;
            text.append(line[0]).append('=').append(attacked ? value : line[1]).append('\n');
        }
        if (!replaced) {
            text.append(key).append('=').append(value).append('\n');
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "replacement | Gold.vhd                           | 4",
        "replacement | ../x                                | 4",
        "target_file | ../x                                | 3",
        "replacement | ..\\\\x                             | 4",
        "replacement | Gold-Recovery.vhd                  | 4",
        "target_file | Gold-Recovery.vhd                  | 3",
        "replacement | Gold-Recovery.vhdboot-tmp.vhd      | 4",
        "replacement | x                                   | 4",
        "replacement | ${SENTINEL}                         | 4",
        "replacement | ../decoy/Gold.vhd                  | 4",
        "replacement | \\\\\\\\?\\\\C:\\\\x                 | 4",
        "replacement | C:x                                 | 4",
        "replacement | CON                                 | 4",
        "replacement | nul.vhd                            | 4",
        "replacement | ..                                  | 4",
        "replacement | Gold-Current.vhdboot-tmp.vhd:ads   | 4",
        "replacement | \\u002e\\u002e/x                     | 4",
        "replacement | Gold-Current.vhdboot-tmp.vhd\\u0000 | 4",
        "kept_old    | Gold.vhd                           | 6",
        "kept_old    | ../sentinel/x                       | 6",
        "kept_old    | Gold-Recovery.vhd                  | 6",
        "target      | parent                              | 2",
    })
    void aJournalNamingAnythingButTheTargetsOwnFilesChangesNothing(String key, String value, int line)
            throws Exception {
        Files.writeString(arena.layout.resolve(ResetJournal.FILE_NAME), arena.placed(journal(key, value)));
        // The attacked names exist, so a command following them would have something to delete or rename.
        Files.write(arena.layout.resolve("Gold-Current.vhdboot-tmp.vhd"), new byte[] {1});
        for (String[] command : List.of(
                new String[] {"status"},
                new String[] {"reset", "recovery", "--yes"},
                new String[] {"reset", "--dry-run"},
                new String[] {"remove", "--delete-children", "--yes"},
                new String[] {"init", "--parent", arena.parent.toString(), "--boot-store", "none"},
                new String[] {"unschedule"},
                new String[] {"agent", "tick"})) {
            arena.platform.runningRole = command[0].equals("agent") ? "recovery" : null;
            Files.writeString(arena.layout.resolve(PendingReset.FILE_NAME), HostileArena.PENDING);
            FolderSnapshot withMark = arena.snapshot();
            CommandRun run = CommandRun.with(arena.services, withLayout(command));
            String what = String.join(" ", command) + " with " + key + "=" + value + ": " + run;
            assertEquals(ExitCode.PRECONDITION.code(), run.exitCode(), what);
            // init warns first that a .vhd layout is for older Windows; the error is one line, as ever.
            List<String> said = run.err().lines().filter(l -> !l.startsWith("vhdboot: warning: Windows 10")).toList();
            assertEquals(1, said.size(), what);
            assertTrue(said.get(0).startsWith("vhdboot: error: " + arena.layout.resolve(ResetJournal.FILE_NAME)
                    + ", line " + line + ": " + key + " = "), what);
            assertEquals(List.of(), withMark.changesTo(arena.snapshot()), what);
            if (command[0].equals("agent")) {
                String refusal = run.err().strip().substring("vhdboot: error: ".length());
                assertEquals(List.of("1008 vhdboot agent refused: " + refusal), arena.events,
                        "nobody watches a tick: the refusal goes to the event log");
            }
            Files.delete(arena.layout.resolve(PendingReset.FILE_NAME));
        }
    }

    private static String[] withLayout(String[] command) {
        if (command[0].equals("init")) {
            return command; // init finds the layout beside its parent
        }
        String[] args = Arrays.copyOf(command, command.length + 2);
        args[command.length] = "--layout";
        args[command.length + 1] = arena.layout.toString();
        return args;
    }

    @Test
    void statusReportsAnInterruptedResetAndChangesNothing() throws Exception {
        Files.write(arena.layout.resolve("Gold-Current.vhdboot-tmp.vhd"), new byte[] {1});
        new ResetJournal(Role.CURRENT, "Gold-Current.vhd", "Gold-Current.vhdboot-tmp.vhd", Optional.empty(),
                Instant.parse("2026-11-27T01:00:00Z")).write(arena.layout, new FileSteps(IoStepHook.NONE));
        Files.delete(arena.layout.resolve(LayoutLock.FILE_NAME));
        FolderSnapshot before = arena.snapshot();

        CommandRun status = CommandRun.with(arena.services, "status", "--json", "--layout", arena.layout.toString());
        assertEquals(ExitCode.PROBLEMS.code(), status.exitCode(), status.toString());
        assertTrue(status.out().contains("\"pending_reset\" : \"a reset of current started 2026-11-27T01:00:00Z was"
                + " interrupted\""), status.out());
        assertTrue(status.out().contains("`vhdboot reset current` finishes it"), status.out());
        assertTrue(status.out().contains("\"recovered\" : null"), status.out());
        assertEquals(List.of(), before.changesTo(arena.snapshot()), "status took no lock and finished nothing");

        try (LayoutLock running = LayoutLock.acquire(arena.layout, "reset current")) {
            FolderSnapshot whileRunning = arena.snapshot();
            CommandRun during = CommandRun.with(arena.services, "status", "--layout", arena.layout.toString());
            assertEquals(0, during.exitCode(), "a reset in progress is no problem: " + during);
            assertTrue(during.out().contains("warning: a reset of current is running right now"), during.out());
            assertEquals(List.of(), whileRunning.changesTo(arena.snapshot()), "asking did not touch the lock file");
        }
        CommandRun reset = CommandRun.with(arena.services, "reset", "--yes", "--layout", arena.layout.toString());
        assertEquals(0, reset.exitCode(), reset.toString());
        assertTrue(reset.err().contains("rolled back an interrupted reset of current"), reset.err());
        assertFalse(Files.exists(arena.layout.resolve(ResetJournal.FILE_NAME)));
        assertFalse(Files.exists(arena.layout.resolve("Gold-Current.vhdboot-tmp.vhd")));
    }

    /** With --keep-old the journal names the kept file; recovery restores it under the target's own name only. */
    @Test
    void recoveryMovesOnlyTheTargetsKeptFileBack() throws Exception {
        String kept = "Gold-Current.20261127-010000.vhd";
        Files.move(arena.current, arena.layout.resolve(kept));
        new ResetJournal(Role.CURRENT, "Gold-Current.vhd", "Gold-Current.vhdboot-tmp.vhd", Optional.of(kept),
                Instant.parse("2026-11-27T01:00:00Z")).write(arena.layout, new FileSteps(IoStepHook.NONE));
        FolderSnapshot before = arena.snapshot();
        CommandRun reset = CommandRun.with(arena.services, "reset", "--yes", "--layout", arena.layout.toString());
        assertEquals(0, reset.exitCode(), reset.toString());
        assertTrue(reset.err().contains("restored Gold-Current.vhd from " + kept), reset.err());
        List<String> touched = before.touchedIn(arena.snapshot());
        String in = arena.layoutPrefix();
        assertTrue(touched.contains(in + kept), touched.toString());
        List<String> allowed = List.of(in, in + kept, in + "Gold-Current.vhd", in + ResetJournal.FILE_NAME,
                in + Layout.INI_NAME, in + OperationLog.FILE_NAME, in + LayoutLock.FILE_NAME);
        assertTrue(allowed.containsAll(touched), touched.toString());
        assertTrue(arena.layout.resolve("Gold-Current.vhd").toFile().isFile());
    }

    /**
     * A folder or a pipe planted under the journal's name is never read (a pipe would hang status): status reports it
     * as a problem, and a changing command refuses it.
     */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aPlantedFolderOrPipeIsRefusedNotRead() throws Exception {
        Path journal = arena.layout.resolve(ResetJournal.FILE_NAME);
        Files.createDirectory(journal);
        FolderSnapshot before = arena.snapshot();
        CommandRun folder = CommandRun.with(arena.services, "status", "--layout", arena.layout.toString());
        assertEquals(ExitCode.PROBLEMS.code(), folder.exitCode(), folder.toString());
        assertTrue(folder.out().contains("problem: " + journal + " is a folder where vhdboot keeps a file of its own;"
                + " move it away and run the command again"), folder.toString());
        assertEquals(List.of(), before.changesTo(arena.snapshot()));

        Files.delete(journal);
        Process mkfifo = new ProcessBuilder("mkfifo", journal.toString()).start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        // Not a speed check: only what keeps a hang from stopping the whole build.
        CommandRun pipe = assertTimeoutPreemptively(Duration.ofMinutes(1),
                () -> CommandRun.with(arena.services, "reset", "--yes", "--layout", arena.layout.toString()));
        assertEquals(ExitCode.PRECONDITION.code(), pipe.exitCode(), pipe.toString());
    }
}
