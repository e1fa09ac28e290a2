package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.LogEntryBuilder;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.VhdxLogWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parent whose VHDX log holds writes never replayed: replaying it would write the parent, so init and reset
 * refuse (exit 6), change nothing, and say how to replay it on a copy; following that advice works.
 */
class PendingLogParentTest {
    private static final String ADVICE = "replay it on a copy: copy the file to another folder, run `vhdboot vhd"
            + " check --repair COPY` there, and make the copy the parent";

    @TempDir
    Path dir;

    private final Services services = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(new FakePlatform());

    /** One log entry that rewrites a BAT sector with the bytes it already holds, marked as not yet replayed. */
    static void leaveALogUnreplayed(Path vhdx) throws Exception {
        long sector = new VhdxFileEditor(vhdx).batOffset();
        byte[] same = FileBytes.read(vhdx, sector, LogEntryBuilder.SECTOR);
        UUID logGuid = UUID.randomUUID();
        long end = Files.size(vhdx);
        VhdxLogWriter log = new VhdxLogWriter(vhdx);
        log.put(0, new LogEntryBuilder(logGuid, 1).tail(0).fileOffsets(end, end).data(sector, same).build());
        log.activate(logGuid);
    }

    @Test
    void initRefusesSuchAParentAndTheAdviceWorks() throws Exception {
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        leaveALogUnreplayed(layout.parent);
        FolderSnapshot before = FolderSnapshot.of(dir);
        for (String[] dryRun : List.of(new String[0], new String[] {"--dry-run"})) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("init", "--parent",
                    layout.parent.toString(), "--boot-store", "none"), java.util.Arrays.stream(dryRun))
                    .toArray(String[]::new);
            CommandRun init = CommandRun.with(services, args);
            assertEquals(ExitCode.PRECONDITION.code(), init.exitCode(), init.toString());
            assertEquals("vhdboot: error: the parent Gold.vhdx holds a log of writes that were never finished, and"
                    + " replaying it would write the parent, which vhdboot never does; " + ADVICE, init.err().strip());
            assertEquals(List.of(), before.changesTo(FolderSnapshot.of(dir)));
        }

        Path copies = Files.createDirectory(dir.resolve("copy"));
        Path copy = Files.copy(layout.parent, copies.resolve("Gold.vhdx"), StandardCopyOption.COPY_ATTRIBUTES);
        assertEquals(0, CommandRun.with(services, "vhd", "check", "--repair", copy.toString()).exitCode());
        CommandRun init = CommandRun.with(services, "init", "--parent", copy.toString(), "--boot-store", "none");
        assertEquals(0, init.exitCode(), init.toString());
        assertEquals(List.of(), before.only(name -> !name.startsWith("copy/")).changesTo(
                FolderSnapshot.of(dir).only(name -> !name.startsWith("copy/"))));
    }

    @Test
    void resetRefusesWhenTheParentGainedSuchALogAndStatusSaysWhy() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        layout.writeUserChanges(layout.current);
        layout.parent.toFile().setWritable(true);
        leaveALogUnreplayed(layout.parent);
        layout.parent.toFile().setWritable(false);
        FolderSnapshot before = FolderSnapshot.of(dir);
        CommandRun reset = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
        assertEquals(ExitCode.PRECONDITION.code(), reset.exitCode(), reset.toString());
        assertTrue(reset.err().endsWith(ADVICE + System.lineSeparator()), reset.err());
        assertEquals(List.of(), before.only(name -> name.endsWith(".vhdx")).changesTo(
                FolderSnapshot.of(dir).only(name -> name.endsWith(".vhdx"))), "no image changed");

        FolderSnapshot beforeStatus = FolderSnapshot.of(dir);
        CommandRun status = CommandRun.with(services, "status", "--layout", dir.toString());
        assertEquals(ExitCode.PROBLEMS.code(), status.exitCode(), status.toString());
        assertTrue(status.out().contains("problem: the parent Gold.vhdx holds a log of writes"), status.out());
        assertEquals(List.of(), beforeStatus.changesTo(FolderSnapshot.of(dir)));
    }
}
