package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageRepair;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.LogEntryBuilder;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.VhdxLogWriter;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A parent whose VHDX log holds writes never replayed: replaying it would write the parent, so init and reset
 * refuse (a protected image, exit 6), change nothing, and say how to replay it on a copy; following that advice
 * works.
 */
class PendingLogParentTest {
    private static final String ADVICE = "replay it on a copy: copy the file to another folder, run `vhdboot vhd"
            + " check --repair COPY` there, and make the copy the parent";

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

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
        for (boolean dryRun : new boolean[] {false, true}) {
            InitOptions init = InitOptions.parent(layout.parent).bootStore("none");
            OperationException e = assertThrows(OperationException.class, () -> world.init(dryRun ? init.dryRun() : init));
            assertEquals(OperationException.Kind.PRECONDITION, e.kind());
            assertEquals("the parent Gold.vhdx holds a log of writes that were never finished, and replaying it would"
                    + " write the parent, which vhdboot never does; " + ADVICE, e.getMessage());
            assertEquals(List.of(), before.changesTo(FolderSnapshot.of(dir)));
        }

        Path copies = Files.createDirectory(dir.resolve("copy"));
        Path copy = Files.copy(layout.parent, copies.resolve("Gold.vhdx"), StandardCopyOption.COPY_ATTRIBUTES);
        new ImageRepair(new DiskImages()).repair(copy);
        world.init(InitOptions.parent(copy).bootStore("none"));
        assertEquals(List.of(), before.only(name -> !name.startsWith("copy/")).changesTo(
                FolderSnapshot.of(dir).only(name -> !name.startsWith("copy/"))));
    }

    @Test
    void resetRefusesWhenTheParentGainedSuchALogAndStatusSaysWhy() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        layout.writeUserChanges(layout.current);
        layout.parent.toFile().setWritable(true);
        leaveALogUnreplayed(layout.parent);
        layout.parent.toFile().setWritable(false);
        FolderSnapshot before = FolderSnapshot.of(dir);
        OperationException e = assertThrows(OperationException.class, () -> world.reset(dir, Role.CURRENT));
        assertEquals(OperationException.Kind.PRECONDITION, e.kind());
        assertTrue(e.getMessage().endsWith(ADVICE), e.getMessage());
        assertEquals(List.of(), before.only(name -> name.endsWith(".vhdx")).changesTo(
                FolderSnapshot.of(dir).only(name -> name.endsWith(".vhdx"))), "no image changed");

        FolderSnapshot beforeStatus = FolderSnapshot.of(dir);
        StatusOperation.Report status = world.status(dir);
        assertTrue(status.problems().stream().anyMatch(p -> p.startsWith("the parent Gold.vhdx holds a log of writes")),
                status.problems().toString());
        assertEquals(List.of(), beforeStatus.changesTo(FolderSnapshot.of(dir)));
    }
}
