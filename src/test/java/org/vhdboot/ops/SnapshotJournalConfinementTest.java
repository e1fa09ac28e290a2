package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journals of the snapshot commands are hostile input too: one naming a file the operation does not use, an
 * image the layout does not record, or what does not stand on the snapshot, is refused by every command with one
 * line naming the file, the line and the key, and nothing changes.
 */
class SnapshotJournalConfinementTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    private static final String CREATE = "operation=snapshot-create\nsnapshot=x\nnote=\nparent=snapshot:s1\n"
            + "target_file=Gold-Current.vhdx\nreplacement=Gold-Current.vhdboot-tmp.vhdx\nfrozen=Gold-s-x.vhdx\n"
            + "started=2026-12-01T10:00:00Z\n";
    private static final String DELETE = "operation=snapshot-delete\nsnapshot=s1\nparent=version:base\n"
            + "children=current\nmodified=2026-12-01T10:00:00Z\nstarted=2026-12-01T10:00:00Z\n";

    private void layoutWithASnapshot() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        layout.writeUserChanges(layout.current);
        world.snapshot(dir, "s1");
    }

    private void assertEveryCommandRefuses(String expected) throws Exception {
        FolderSnapshot before = FolderSnapshot.of(dir);
        List<ThrowingCommand> commands = List.of(() -> world.status(dir), () -> world.reset(dir, Role.RECOVERY),
                () -> world.snapshot(dir, "other"), () -> world.deleteSnapshot(dir, "s1"), () -> world.snapshots(dir));
        for (ThrowingCommand command : commands) {
            LayoutException refused = assertThrows(LayoutException.class, command::run);
            assertTrue(refused.getMessage().startsWith(dir.resolve(OperationJournal.FILE_NAME) + ", line "),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains(expected), refused.getMessage());
            assertEquals(1, refused.getMessage().lines().count());
        }
        assertEquals(List.of(), before.changesTo(FolderSnapshot.of(dir)));
    }

    @FunctionalInterface
    private interface ThrowingCommand {
        void run() throws Exception;
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "frozen      | Gold.vhdx            | frozen = Gold.vhdx is not the file snapshot create x uses (Gold-s-x.vhdx)",
        "frozen      | ../Gold-s-x.vhdx     | is not a plain file name in the layout folder",
        "frozen      | Gold-s-s1.vhdx       | is not the file snapshot create x uses",
        "target_file | Gold-Recovery.vhdx   | target_file = Gold-Recovery.vhdx is not the file snapshot create x uses",
        "snapshot    | ../x                 | snapshot = ../x is not a snapshot name",
        "parent      | snapshot:nope        | parent = snapshot:nope is not an image the layout records",
        "operation   | format-disk          | operation = format-disk is not an operation vhdboot journals",
    })
    void aHostileCreateJournalIsRefused(String key, String value, String expected) throws Exception {
        layoutWithASnapshot();
        Files.writeString(dir.resolve(OperationJournal.FILE_NAME), CREATE.replaceFirst("(?m)^" + key + "=.*$",
                key + "=" + value.replace("\\", "\\\\")));
        assertEveryCommandRefuses(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "children | current,snapshot:zz | children = current,snapshot:zz is not what stands on s1 in the layout",
        "children | Gold.vhdx           | is not what stands on s1 in the layout",
        "parent   | version:nope        | parent = version:nope is not an image the layout records",
        "snapshot | s1/../x             | snapshot = s1/../x is not a snapshot name",
        "modified | yesterday           | modified = yesterday is not a list of times",
        "modified | +999999999-12-31T23:59:59Z | is not a list of times",
    })
    void aHostileDeleteJournalIsRefused(String key, String value, String expected) throws Exception {
        layoutWithASnapshot();
        Files.writeString(dir.resolve(OperationJournal.FILE_NAME), DELETE.replaceFirst("(?m)^" + key + "=.*$",
                key + "=" + value));
        assertEveryCommandRefuses(expected);
    }

    /** A delete of a snapshot the layout does not record, whose file is there, is never carried out. */
    @Test
    void aDeleteJournalForAnUnrecordedSnapshotDeletesNothing() throws Exception {
        layoutWithASnapshot();
        Files.copy(dir.resolve("Gold-s-s1.vhdx"), dir.resolve("Gold-s-gone.vhdx"));
        Files.writeString(dir.resolve(OperationJournal.FILE_NAME), DELETE.replace("snapshot=s1", "snapshot=gone")
                .replace("children=current", "children=").replace("modified=2026-12-01T10:00:00Z", "modified="));
        FolderSnapshot before = FolderSnapshot.of(dir);
        LayoutException refused = assertThrows(LayoutException.class, () -> world.reset(dir, Role.RECOVERY));
        assertTrue(refused.getMessage().contains("deletes snapshot gone, which the layout does not record, but its"
                + " file is there"), refused.getMessage());
        assertTrue(Files.exists(dir.resolve("Gold-s-gone.vhdx")));
        // The failed reset is recorded (ini, log, lock); no image changed.
        assertEquals(List.of(), before.changesTo(FolderSnapshot.of(dir)).stream()
                .filter(change -> !change.contains("vhdboot.")).toList());
    }
}
