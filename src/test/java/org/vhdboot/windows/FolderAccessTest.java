package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link FolderAccess} by contract: which entries of a real folder's list count as "others may write", and the
 * exact icacls command lines that restrict it. The lists are what Windows shows for a folder made in C:\ by an
 * elevated administrator ({@code icacls C:\VHD}), by SID.
 */
class FolderAccessTest {
    private static final Path FOLDER = Path.of("C:\\VHD");
    private static final String AUTHENTICATED_USERS = "S-1-5-11";
    private static final String USERS = "S-1-5-32-545";
    private static final String ALICE = "S-1-5-21-1004336348-1177238915-682003330-1001";
    private static final int FULL = 0x1F01FF;
    private static final int MODIFY = 0x1301BF;
    private static final int READ_EXECUTE = 0x1200A9;
    private static final int APPEND_DATA = 0x4;
    private static final int OBJECT_CONTAINER_INHERIT = 0x1 | 0x2;
    private static final int INHERIT_ONLY = 0x8;
    private static final int INHERITED = 0x10;

    /** Answers with preset lists and records what was read. */
    private static final class FakeReader implements FolderAccess.SecurityReader {
        final Map<Path, FolderAccess.Security> answers = new HashMap<>();
        final List<Path> reads = new ArrayList<>();

        @Override
        public FolderAccess.Security read(Path path) throws IOException {
            reads.add(path);
            FolderAccess.Security security = answers.get(path);
            if (security == null) {
                throw new IOException("no such file");
            }
            return security;
        }

        @Override
        public String accountName(String sid) {
            return Map.of(AUTHENTICATED_USERS, "NT AUTHORITY\\Authenticated Users", ALICE, "PC\\alice").getOrDefault(sid, sid);
        }
    }

    private final FakeReader reader = new FakeReader();
    private final RecordingRunner runner = new RecordingRunner();
    private final FolderAccess access = new FolderAccess(reader, runner.programs());

    private static FolderAccess.Ace allow(String sid, int mask, int flags) {
        return new FolderAccess.Ace(sid, true, mask, flags);
    }

    /** What a folder made in C:\ inherits: Authenticated Users may modify what is created in it. */
    private static FolderAccess.Security madeInTheDriveRoot(String owner) {
        return new FolderAccess.Security(owner, List.of(
                allow(FolderAccess.ADMINISTRATORS, FULL, OBJECT_CONTAINER_INHERIT | INHERITED),
                allow(FolderAccess.SYSTEM, FULL, OBJECT_CONTAINER_INHERIT | INHERITED),
                allow(USERS, READ_EXECUTE, OBJECT_CONTAINER_INHERIT | INHERITED),
                allow(AUTHENTICATED_USERS, MODIFY, OBJECT_CONTAINER_INHERIT | INHERIT_ONLY | INHERITED),
                allow(AUTHENTICATED_USERS, APPEND_DATA, INHERITED),
                allow(FolderAccess.CREATOR_OWNER, 0x10000000, OBJECT_CONTAINER_INHERIT | INHERIT_ONLY | INHERITED)));
    }

    /** What init leaves: Administrators and SYSTEM full control, nothing inherited. */
    private static FolderAccess.Security restricted() {
        return new FolderAccess.Security(FolderAccess.ADMINISTRATORS, List.of(
                allow(FolderAccess.ADMINISTRATORS, FULL, OBJECT_CONTAINER_INHERIT),
                allow(FolderAccess.SYSTEM, FULL, OBJECT_CONTAINER_INHERIT)));
    }

    @Test
    void aFolderMadeInTheDriveRootCanBeChangedByEveryUser() throws Exception {
        reader.answers.put(FOLDER, madeInTheDriveRoot(FolderAccess.ADMINISTRATORS));
        assertEquals(List.of("NT AUTHORITY\\Authenticated Users"), access.otherWriters(FOLDER));
        assertEquals(List.of(FOLDER), reader.reads);
    }

    @Test
    void aRestrictedFolderHasNoOtherWriters() throws Exception {
        reader.answers.put(FOLDER, restricted());
        assertEquals(List.of(), access.otherWriters(FOLDER));
    }

    @Test
    void anOwnerOtherThanAdministratorsCountsSinceAnOwnerMayRewriteTheList() throws Exception {
        reader.answers.put(FOLDER, new FolderAccess.Security(ALICE, restricted().aces()));
        assertEquals(List.of("PC\\alice (owner)"), access.otherWriters(FOLDER));
        reader.answers.put(FOLDER, new FolderAccess.Security(FolderAccess.TRUSTED_INSTALLER, restricted().aces()));
        assertEquals(List.of(), access.otherWriters(FOLDER));
    }

    @Test
    void denyEntriesAndReadRightsAreNotWrites() throws Exception {
        List<FolderAccess.Ace> aces = new ArrayList<>(restricted().aces());
        aces.add(new FolderAccess.Ace(FolderAccess.EVERYONE, false, FULL, 0));
        aces.add(allow(ALICE, READ_EXECUTE, 0));
        aces.add(allow(FolderAccess.OWNER_RIGHTS, FULL, 0));
        reader.answers.put(FOLDER, new FolderAccess.Security(FolderAccess.SYSTEM, aces));
        assertEquals(List.of(), access.otherWriters(FOLDER));
        aces.add(allow(ALICE, 0x40000 /* write DAC alone */, 0));
        assertEquals(List.of("PC\\alice"), access.otherWriters(FOLDER));
    }

    @Test
    void restrictingAFolderMadeInTheDriveRootCutsInheritanceAndGrantsBySid() throws Exception {
        reader.answers.put(FOLDER, madeInTheDriveRoot(FolderAccess.ADMINISTRATORS));
        access.restrict(FOLDER);
        assertEquals(List.of(List.of("icacls", "C:\\VHD", "/inheritance:r", "/grant:r", "*S-1-5-32-544:(OI)(CI)F",
                "*S-1-5-18:(OI)(CI)F")), runner.commands);
    }

    @Test
    void entriesSetOnTheFolderItselfAndAForeignOwnerAreRemovedToo() throws Exception {
        List<FolderAccess.Ace> aces = new ArrayList<>(madeInTheDriveRoot(ALICE).aces());
        aces.add(allow(ALICE, MODIFY, OBJECT_CONTAINER_INHERIT));
        aces.add(allow(USERS, MODIFY, OBJECT_CONTAINER_INHERIT));
        aces.add(allow(FolderAccess.CREATOR_OWNER, FULL, OBJECT_CONTAINER_INHERIT | INHERIT_ONLY));
        aces.add(allow(ALICE, READ_EXECUTE, 0));
        reader.answers.put(FOLDER, new FolderAccess.Security(ALICE, aces));
        access.restrict(FOLDER);
        assertEquals(List.of(
                List.of("icacls", "C:\\VHD", "/inheritance:r", "/grant:r", "*S-1-5-32-544:(OI)(CI)F",
                        "*S-1-5-18:(OI)(CI)F"),
                List.of("icacls", "C:\\VHD", "/remove:g", "*" + ALICE, "*" + USERS, "*" + FolderAccess.CREATOR_OWNER),
                List.of("icacls", "C:\\VHD", "/setowner", "*S-1-5-32-544")), runner.commands);
    }

    @Test
    void icaclsFailingIsOneLineWithItsMessage() {
        reader.answers.put(FOLDER, restricted());
        runner.result = new ProgramOutput(5, "", "C:\\VHD: Access is denied.\r\nSuccessfully processed 0 files");
        IOException failure = assertThrows(IOException.class, () -> access.restrict(FOLDER));
        assertEquals("cannot restrict who may change C:\\VHD: icacls exit 5: C:\\VHD: Access is denied.",
                failure.getMessage());
    }
}
