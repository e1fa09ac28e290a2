package org.vhdboot.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.layout.Layout;
import org.vhdboot.ops.BootStores;
import org.vhdboot.ops.LayoutFixture;
import org.vhdboot.ops.RecordingAttacher;
import org.vhdboot.ops.TestWorld;
import org.vhdboot.windows.DiskAttacher;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout commands end to end, through the command line: what they print, their exit codes, and how they ask.
 * What the use cases do is tested in process (ops); this is what the command line adds.
 */
class LayoutCommandsTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private LayoutFixture layout;

    @BeforeEach
    void setUp() {
        layout = new LayoutFixture(dir);
    }

    private CommandRun run(String... args) {
        return CommandRun.with(world.services(), args);
    }

    @Test
    void initResetStatusRemove() throws Exception {
        layout.buildParent();
        CommandRun init = run("init", "--parent", layout.parent.toString(), "--boot-store", "none");
        assertEquals(0, init.exitCode(), init.toString());
        assertTrue(init.out().contains("created Gold-Current.vhdx as an empty child of Gold.vhdx"), init.out());
        assertTrue(init.out().endsWith("layout ready: " + dir.resolve(Layout.INI_NAME) + System.lineSeparator()),
                init.out());
        CommandRun again = run("init", "--parent", layout.parent.toString());
        assertTrue(again.out().contains("nothing to do: the layout at"), again.out());

        layout.writeUserChanges(layout.current);
        CommandRun reset = run("reset", "--yes", "--layout", dir.toString());
        assertEquals(0, reset.exitCode(), reset.toString());
        assertTrue(reset.out().matches("reset current: Gold-Current.vhdx is a fresh child of the parent \\(\\d+ ms\\)\\R"),
                reset.out());
        assertTrue(layout.isFreshChild(layout.current));

        CommandRun status = run("status", "--layout", dir.toString());
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("last reset: current ok at"), status.out());
        assertTrue(status.out().endsWith("healthy" + System.lineSeparator()), status.out());

        CommandRun json = run("remove", "--layout", dir.toString(), "--json");
        assertEquals(0, json.exitCode(), json.toString());
        assertTrue(json.out().contains("\"commands\" : [ ]"), json.out());
        CommandRun remove = run("remove", "--delete-children", "--yes", "--layout", dir.toString());
        assertEquals(0, remove.exitCode(), remove.toString());
        assertTrue(remove.out().contains("no boot entries to remove; deleted the children; the parent stays"),
                remove.out());
        assertFalse(Files.exists(layout.current));
        assertTrue(Files.exists(layout.parent));
    }

    @Test
    void withTheScriptStoreTheOutputSaysWhatWasScriptedAndWhereTheRemovalWent() throws Exception {
        layout.buildParent();
        for (String folder : new String[] {"C:\\VHD\" & echo x & \"", "relative\\dir"}) {
            for (String store : new String[] {"script", "none"}) {
                // Checked whether or not this store makes entries: the ini keeps it, and every later read checks it.
                CommandRun refused = run("init", "--parent", layout.parent.toString(), "--boot-store", store,
                        "--boot-folder", folder, "--dry-run");
                assertEquals(ExitCode.USAGE.code(), refused.exitCode(), refused.toString());
                assertTrue(refused.err().contains("vhdboot: error: --boot-folder '"), refused.toString());
            }
        }
        String[] init = {"init", "--parent", layout.parent.toString(), "--boot-store", "script", "--boot-folder", "C:\\VHD"};
        CommandRun dry = run(Stream.concat(Stream.of(init), Stream.of("--dry-run")).toArray(String[]::new));
        CommandRun real = run(init);

        assertEquals(0, real.exitCode(), real.toString());
        List<String> planned = dry.out().lines().filter(l -> l.startsWith("would run: ")).map(l -> l.substring(11)).toList();
        List<String> scripted = real.out().lines().filter(l -> l.startsWith("scripted: ")).map(l -> l.substring(10)).toList();
        assertEquals(planned, scripted);
        assertTrue(scripted.get(0).startsWith("bcdedit /create {"), scripted.toString());
        assertFalse(real.out().contains("ran: "), real.out());

        CommandRun remove = run("remove", "--layout", dir.toString());
        assertEquals(0, remove.exitCode(), remove.toString());
        assertTrue(remove.out().startsWith("scripted (" + BootStores.REMOVAL_SCRIPT_FILE + "): bcdedit /delete {"),
                remove.out());
        assertTrue(remove.out().endsWith("removed vhdboot's boot entries; the parent stays" + System.lineSeparator()),
                remove.out());
    }

    @Test
    void offATerminalAResetWithoutYesRefusesInsteadOfHanging() throws Exception {
        LayoutFixture.initialized(dir, world);
        String before = LayoutFixture.sha256(layout.current);
        CommandRun run = run("reset", "--layout", dir.toString());
        assertEquals(ExitCode.DECLINED.code(), run.exitCode(), run.toString());
        assertEquals("vhdboot: error: confirmation needed: Replace Gold-Current.vhdx with a fresh child of Gold.vhdx?"
                + " Everything changed in Current is lost. Not asked, since stdin and stdout are not both a"
                + " terminal (output redirected, say): add --yes to go ahead",
                run.err().strip());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void onATerminalAResetAsksAndANoChangesNothing() throws Exception {
        LayoutFixture.initialized(dir, world);
        String before = LayoutFixture.sha256(layout.current);
        StringWriter err = new StringWriter();
        Console terminal = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err),
                new BufferedReader(new StringReader("n\n")), true);
        int code = VhdbootCommand.execute(world.services().withConsole(terminal), "reset", "--layout", dir.toString());
        assertEquals(ExitCode.DECLINED.code(), code);
        assertTrue(err.toString().startsWith("Replace Gold-Current.vhdx with a fresh child of Gold.vhdx?"), err.toString());
        assertTrue(err.toString().contains("vhdboot: error: reset cancelled; nothing was changed"), err.toString());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void aDryRunPrintsEachStep() throws Exception {
        LayoutFixture.initialized(dir, world);
        CommandRun run = run("reset", "--dry-run", "--layout", dir.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().startsWith("would write vhdboot.journal"), run.out());
        assertTrue(run.out().contains("would create Gold-Current.vhdboot-tmp.vhdx"), run.out());
        assertTrue(run.out().endsWith("dry run: nothing was changed" + System.lineSeparator()), run.out());
    }

    @Test
    void mountSaysWhereTheImageIsAttached() throws Exception {
        LayoutFixture.initialized(dir, world);
        RecordingAttacher attacher = new RecordingAttacher();
        CommandRun run = CommandRun.with(world.services().with(DiskAttacher.class, attacher), "mount",
                layout.parent.toString(), "--read-only", "--letter", "X:");
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("attached " + layout.parent + " read-only as \\\\.\\PhysicalDrive3 at X:\\" + System.lineSeparator(),
                run.out());
        assertEquals(List.of("ro Gold.vhdx X:"), attacher.calls);
    }

    @Test
    void aRefusalIsOneLineWithItsExitCode() throws Exception {
        LayoutFixture.initialized(dir, world);
        Files.move(layout.parent, dir.resolve("elsewhere.vhdx"));
        CommandRun parent = run("reset", "--yes", "--layout", dir.toString());
        assertEquals(ExitCode.PARENT.code(), parent.exitCode(), parent.toString());
        assertEquals("vhdboot: error: the parent Gold.vhdx is missing", parent.err().strip());

        CommandRun missing = run("reset", "--yes", "--layout", dir.resolve("nowhere").toString());
        assertEquals(ExitCode.PRECONDITION.code(), missing.exitCode(), missing.toString());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertEquals("vhdboot: error: no layout at " + dir.resolve("nowhere") + ": no such folder; run `vhdboot init"
                + " --parent FILE` or pass --layout DIR", missing.err().strip());
        CommandRun missingIni = run("status", "--layout", dir.resolve("other.ini").toString());
        assertEquals("vhdboot: error: no layout at " + dir + ": other.ini not found; run `vhdboot init --parent FILE`"
                + " or pass --layout DIR", missingIni.err().strip());
    }
}
