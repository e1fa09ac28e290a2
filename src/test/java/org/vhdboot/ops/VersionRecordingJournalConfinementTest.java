package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal of a version being recorded (pulled or added) is hostile input too: one that names a file other than the
 * version's own derived ones (the parent, Current, a path), a parent the layout does not record, or a malformed
 * value is refused by every command with one line naming the file, the line and the key, and nothing changes.
 * A well-formed one whose version file never appeared is rolled back.
 */
class VersionRecordingJournalConfinementTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    private static final String IMPORT = "operation=version-import\nversion=2026-12\nparent=base\n"
            + "link_id=6d02a1be-0c4e-4d5f-9a57-1f0c8f1a2b3c\nsource_sha256=" + "ab".repeat(32) + "\nnote=\n"
            + "created=2026-12-01T10:00:00Z\nstaged=Gold-v-2026-12.vhdboot-tmp.vhdx\nimage=Gold-v-2026-12.vhdx\n"
            + "started=2026-12-01T10:00:00Z\n";

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "image         | Gold.vhdx                   | image = Gold.vhdx is not the file recording version 2026-12 uses",
        "image         | Gold-Current.vhdx           | is not the file recording version 2026-12 uses",
        "staged        | ../Gold-v-2026-12.vhdx      | is not a plain file name in the layout folder",
        "staged        | Gold-Recovery.vhdx          | is not the file recording version 2026-12 uses",
        "version       | ../x                        | version = ../x is not a version name",
        "parent        | nope                        | parent = nope is not a version the layout records",
        "parent        | 2026-12                     | parent = 2026-12 is not a version the layout records",
        "link_id       | not-a-guid                  | link_id = not-a-guid is not a GUID",
        "source_sha256 | 1234                        | source_sha256 = 1234 is not a SHA-256 in hex",
        "created       | yesterday                   | created = yesterday is not a time",
        "created       | +999999999-12-31T23:59:59Z  | is not a time",
        "by            | steal                       | by = steal is not add or pull",
        "published_blob | sha256:1234                | is set without published_blob_size",
    })
    void aHostileJournalIsRefusedByEveryCommand(String key, String value, String expected) throws Exception {
        LayoutFixture.initialized(dir, world);
        String journal = IMPORT.contains(key + "=") ? IMPORT.replaceFirst("(?m)^" + key + "=.*$", key + "=" + value)
                : IMPORT + key + "=" + value + "\n";
        Files.writeString(dir.resolve(OperationJournal.FILE_NAME), journal);
        FolderSnapshot before = FolderSnapshot.of(dir);
        List<ThrowingCommand> commands = List.of(() -> world.status(dir), () -> world.reset(dir, Role.RECOVERY),
                () -> world.snapshot(dir, "other"), () -> new ImagePullOperation(world.context()).run(
                        FleetFixture.layout(dir), new ImagePullOperation.Options("oci-layout:" + dir.resolve("share")
                                + ":v1", RegistryAccess.defaults(), TransferProgress.NONE)));
        for (ThrowingCommand command : commands) {
            LayoutException refused = assertThrows(LayoutException.class, command::run);
            assertTrue(refused.getMessage().startsWith(dir.resolve(OperationJournal.FILE_NAME) + ", line "),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains(expected), refused.getMessage());
            assertEquals(1, refused.getMessage().lines().count());
        }
        assertEquals(List.of(), before.changesTo(FolderSnapshot.of(dir)));
    }

    @Test
    void aJournalWhoseVersionNeverAppearedIsRolledBackAndItsTemporaryFileRemoved() throws Exception {
        LayoutFixture.initialized(dir, world);
        Files.writeString(dir.resolve(OperationJournal.FILE_NAME), IMPORT);
        Files.writeString(dir.resolve("Gold-v-2026-12.vhdboot-tmp.vhdx"), "half a layer");
        StatusOperation.Report status = world.status(dir);
        assertTrue(status.problems().stream().anyMatch(p -> p.contains("recording pulled version 2026-12")),
                status.problems().toString());
        world.reset(dir, Role.RECOVERY);
        assertTrue(!Files.exists(dir.resolve("Gold-v-2026-12.vhdboot-tmp.vhdx")));
        assertTrue(!Files.exists(dir.resolve(OperationJournal.FILE_NAME)));
        assertTrue(FleetFixture.layout(dir).tree().find(new ImageRef(ImageRef.Kind.VERSION, "2026-12")).isEmpty());
    }

    @FunctionalInterface
    private interface ThrowingCommand {
        void run() throws Exception;
    }
}
