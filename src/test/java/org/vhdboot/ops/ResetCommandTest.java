package org.vhdboot.ops;

import org.vhdboot.windows.Platform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResetCommandTest {
    @TempDir
    Path dir;

    private final FakePlatform platform = new FakePlatform();
    private Services services;
    private LayoutFixture layout;

    @BeforeEach
    void setUp() throws Exception {
        services = TestWorld.portable(Clock.systemUTC()).with(Platform.class, platform);
        layout = LayoutFixture.initialized(dir, services);
        layout.writeUserChanges(layout.current);
    }

    private CommandRun reset(String... extra) {
        String[] args = Stream.concat(Stream.of("reset", "--layout", dir.toString()), Stream.of(extra))
                .toArray(String[]::new);
        return CommandRun.with(services, args);
    }

    @Test
    void resetReplacesCurrentWithAFreshChildAndNeverTouchesTheParent() throws Exception {
        String parentBefore = LayoutFixture.sha256(layout.parent);
        String recoveryBefore = LayoutFixture.sha256(layout.recovery);
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER));

        CommandRun run = reset("--yes");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(layout.isFreshChild(layout.current), "Current stores nothing of its own");
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.GOLDEN));
        assertEquals(parentBefore, LayoutFixture.sha256(layout.parent));
        assertEquals(recoveryBefore, LayoutFixture.sha256(layout.recovery));
        assertFalse(Files.exists(dir.resolve(ResetJournal.FILE_NAME)), "journal cleared");
        Layout saved = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertTrue(saved.lastReset().orElseThrow().succeeded());
        assertTrue(Files.readString(dir.resolve(OperationLog.FILE_NAME)).contains("reset    ok"));
    }

    @Test
    void resetRecoveryReplacesTheOtherChild() throws Exception {
        layout.writeUserChanges(layout.recovery);
        CommandRun run = reset("recovery", "--yes");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(layout.isFreshChild(layout.recovery));
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER),
                "Current is untouched");
    }

    @Test
    void withoutYesOffATerminalItRefusesInsteadOfHanging() throws Exception {
        String before = LayoutFixture.sha256(layout.current);
        CommandRun run = reset();
        assertEquals(ExitCode.DECLINED.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("--yes"), run.err());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void onATerminalItAsksAndANoChangesNothing() throws Exception {
        String before = LayoutFixture.sha256(layout.current);
        StringWriter err = new StringWriter();
        org.vhdboot.cli.Console terminal = new org.vhdboot.cli.Console(new PrintWriter(new StringWriter()),
                new PrintWriter(err), new BufferedReader(new StringReader("n\n")), true);
        int code = org.vhdboot.cli.VhdbootCommand.execute(services.withConsole(terminal), "reset", "--layout", dir.toString());
        assertEquals(ExitCode.DECLINED.code(), code);
        assertTrue(err.toString().contains("Replace Gold-Current.vhdx"), err.toString());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void refusesToDeleteTheDiskTheRunningSystemBootedFrom() throws Exception {
        platform.runningRole = "current";
        String before = LayoutFixture.sha256(layout.current);
        CommandRun run = reset("--yes");
        assertEquals(ExitCode.PRECONDITION.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("reset refused: running from Current"), run.err());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void refusesWhileTheTargetIsInUse() throws Exception {
        platform.inUse.add(layout.current.toAbsolutePath().normalize());
        CommandRun run = reset("--yes");
        assertEquals(ExitCode.PRECONDITION.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("in use"), run.err());
    }

    @Test
    void refusesWhenTheParentWasModifiedAfterInit() throws Exception {
        layout.parent.toFile().setWritable(true);
        try (Chain disk = new DiskImages().allowingParentWrites().open(layout.parent, true)) {
            disk.write(0, ByteBuffer.wrap("tampered".getBytes(StandardCharsets.US_ASCII)));
        }
        String before = LayoutFixture.sha256(layout.current);
        CommandRun run = reset("--yes");
        assertEquals(ExitCode.PARENT.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("was modified"), run.err());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void refusesWhenTheParentIsMissing() throws Exception {
        Files.move(layout.parent, dir.resolve("elsewhere.vhdx"));
        CommandRun run = reset("--yes");
        assertEquals(ExitCode.PARENT.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("missing"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void keepOldKeepsThePreviousChildWithItsData() throws Exception {
        CommandRun run = reset("--yes", "--keep-old");
        assertEquals(0, run.exitCode(), run.toString());
        Path kept;
        try (Stream<Path> files = Files.list(dir)) {
            kept = files.filter(p -> p.getFileName().toString().matches("Gold-Current\\.\\d{8}-\\d{6}\\.vhdx"))
                    .findFirst().orElseThrow();
        }
        assertTrue(LayoutFixture.startsWith(LayoutFixture.head(kept, 32), LayoutFixture.USER));
        assertTrue(layout.isFreshChild(layout.current));
    }

    @Test
    void dryRunPrintsTheStepsAndChangesNothing() throws Exception {
        String before = LayoutFixture.sha256(layout.current);
        String ini = Files.readString(dir.resolve(Layout.INI_NAME));
        CommandRun run = reset("--dry-run");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("would create Gold-Current.vhdboot-tmp.vhdx"), run.out());
        assertTrue(run.out().contains("dry run: nothing was changed"), run.out());
        assertEquals(before, LayoutFixture.sha256(layout.current));
        assertEquals(ini, Files.readString(dir.resolve(Layout.INI_NAME)));
    }

    @Test
    void refusesWhenNotElevated() throws Exception {
        platform.elevated = false;
        String before = LayoutFixture.sha256(layout.current);
        CommandRun run = reset("--yes");
        assertEquals(ExitCode.NOT_ELEVATED.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("administrator"), run.err());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void shortFreeSpaceWarnsByDefaultAndRefusesWhenTheIniSaysSo() throws Exception {
        platform.freeBytes = 1 << 20;
        CommandRun warned = reset("--yes");
        assertEquals(0, warned.exitCode(), warned.toString());
        assertTrue(warned.err().contains("VirtualDiskExpandOnMount=4"), warned.err());

        Path ini = dir.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replaceAll("free_space\\s*=\\s*warn", "free_space = refuse"));
        layout.writeUserChanges(layout.current);
        String before = LayoutFixture.sha256(layout.current);
        CommandRun refused = reset("--yes");
        assertEquals(ExitCode.PRECONDITION.code(), refused.exitCode(), refused.toString());
        assertEquals(before, LayoutFixture.sha256(layout.current));
    }

    @Test
    void statusWarnsWhenTheVolumeCouldNotHoldAChildExpandedToFullSize() {
        platform.freeBytes = 1 << 20;
        CommandRun status = CommandRun.with(services, "status", "--layout", dir.toString());
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("warning: free space is short: 1 MiB free, but native boot may expand a child"
                + " to 32 MiB"), status.out());
    }

    @Test
    void aMissingLayoutIsAClearError() {
        CommandRun run = CommandRun.with(services, "reset", "--yes", "--layout", dir.resolve("nowhere").toString());
        assertEquals(ExitCode.PRECONDITION.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("vhdboot init"), run.err());
    }
}
