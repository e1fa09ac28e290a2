package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal of an {@code image} command is hostile input: the files it names must be the ones derived from the
 * layout and its versions and slots, its versions recorded where they must be, its slots two different ones; anything
 * else is refused with one line naming the journal's line and key, before any command (reset, an image command, the
 * agent) changes a thing, and status reports it without acting.
 */
class ImageJournalTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private ModelLayout lab;

    @BeforeEach
    void setUp() throws Exception {
        lab = ModelLayout.create(dir.resolve("lab"), "vhdx", 61, world.context(),
                o -> o.bootStore("script").bootFolder("C:\\VHD"));
        lab.writeActive(62);
        new ImageCommitOperation(world.context()).run(lab.layout(), new ImageCommitOperation.Options("2026-12",
                Optional.empty(), false, TransferProgress.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "an unknown image operation # operation=image-format|version=x # operation = image-format is not an operation",
        "a prune deleting the parent # operation=image-prune|version=|delete_slot=Gold.vhdx|from=b"
                + " # delete_slot = Gold.vhdx is not the file image prune uses (Gold-Current-B.vhdx)",
        "a prune deleting outside the folder # operation=image-prune|version=x|delete_1=..\\\\Gold-v-x.vhdx"
                + " # delete_1 = ..\\Gold-v-x.vhdx is not a plain file name",
        "a switch onto the parent # operation=image-switch|version=2026-12|from=a|to=b|slot_file=Gold.vhdx"
                + "|replacement=Gold-Current-B.vhdboot-tmp.vhdx # slot_file = Gold.vhdx is not the file image switch uses",
        "a switch into its own slot # operation=image-switch|version=2026-12|from=a|to=a|slot_file=Gold-Current.vhdx"
                + "|replacement=Gold-Current.vhdboot-tmp.vhdx # to = a is the slot of from",
        "a switch to a version not recorded # operation=image-switch|version=nope|from=a|to=b"
                + "|slot_file=Gold-Current-B.vhdx|replacement=Gold-Current-B.vhdboot-tmp.vhdx"
                + " # version = nope is not a version the layout records",
        "a commit on a version not recorded # operation=image-commit|version=x|parent=nope|mode=freeze"
                + " # parent = nope is not a version the layout records",
        "a commit freezing Recovery # operation=image-commit|version=x|parent=2026-12|mode=freeze"
                + "|target_file=Gold-Recovery.vhdx|replacement=Gold-Recovery.vhdboot-tmp.vhdx|frozen=Gold-v-x.vhdx"
                + "|staged=Gold-v-x.vhdboot-tmp.vhdx # target_file = Gold-Recovery.vhdx is not the file image commit uses",
        "a confirm with a bad slot # operation=image-confirm|version=2026-12|from=a|to=c # to = c is not a or b",
        "a confirm of a switch the ini does not record # operation=image-confirm|version=2026-12|from=a|to=b"
                + "|recovery_file=Gold-Recovery.vhdx|replacement=Gold-Recovery.vhdboot-tmp.vhdx"
                + " # version = 2026-12 is not the switch vhdboot.ini records",
        "a rollback of a switch the ini does not record # operation=image-rollback|version=2026-12|from=b|to=a"
                + "|recovery_file=Gold-Recovery.vhdx|replacement=Gold-Recovery.vhdboot-tmp.vhdx"
                + " # version = 2026-12 is not the switch vhdboot.ini records",
        "a switch from the slot that is not active # operation=image-switch|version=2026-12|from=b|to=a"
                + "|slot_file=Gold-Current.vhdx|replacement=Gold-Current.vhdboot-tmp.vhdx # from = b is not the active slot",
        "an add without its parent # operation=image-add|version=x # lacks parent",
        "two versions where one belongs # operation=image-add|version=x,y|parent=base # version = x,y is not one version",
    })
    void aJournalVhdbootCouldNotHaveWrittenIsRefusedBeforeAnythingChanges(String what, String journal, String expected)
            throws Exception {
        Path file = lab.folder.resolve(ImageJournal.FILE_NAME);
        Files.writeString(file, journal.replace("|", "\n") + "\nstarted=2026-12-01T10:00:00Z\n");
        FolderSnapshot before = FolderSnapshot.of(lab.folder);
        LayoutException read = assertThrows(LayoutException.class, () -> ImageJournal.read(lab.layout()));
        assertTrue(read.getMessage().contains(expected.strip()), what + ": " + read.getMessage());
        assertTrue(read.getMessage().startsWith(file.toString()), read.getMessage());
        assertEquals(1, read.getMessage().lines().count());
        assertThrows(LayoutException.class, () -> world.reset(lab.folder, Role.CURRENT));
        assertThrows(LayoutException.class, () -> new ImagePruneOperation(world.context()).run(lab.layout(),
                new ImagePruneOperation.Options(true, false)));
        assertThrows(LayoutException.class, () -> world.status(lab.folder));
        assertEquals(List.of(), before.changesTo(FolderSnapshot.of(lab.folder)), what);
    }

    /**
     * A prune journal naming a version the layout still stands on reads as one vhdboot could have written (its files
     * are the derived ones), but the version is kept: its record and its file, with a warning, where the record used
     * to go and leave [current] standing on a version the ini no longer had.
     */
    @Test
    void aPruneJournalNamingAVersionInUseKeepsIt() throws Exception {
        Path version = lab.folder.resolve(lab.layout().versionFile("2026-12"));
        Files.writeString(lab.folder.resolve(ImageJournal.FILE_NAME), "operation=image-prune\nversion=2026-12\n"
                + "delete_1=" + version.getFileName() + "\nstarted=2026-12-01T10:00:00Z\n");
        String sha256 = org.vhdboot.disk.testing.FileDigests.sha256(version);

        world.reset(lab.folder, Role.CURRENT);
        assertTrue(world.reporter.warnings.contains("kept version 2026-12: the layout still stands on it"),
                world.reporter.warnings.toString());
        assertTrue(lab.layout().tree().find(VersionRecords.ref("2026-12")).isPresent());
        assertEquals(sha256, org.vhdboot.disk.testing.FileDigests.sha256(version));
        assertTrue(world.status(lab.folder).healthy(), world.status(lab.folder).problems().toString());
    }
}
