package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.files.NotAFileException;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.Role;
import org.vhdboot.oci.Digest;
import org.vhdboot.testing.Pipes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pipe, a folder or a device planted where vhdboot keeps a file of its own (a lock, a part file, a temporary in an
 * image-layout folder, the ini) is refused at once, named, and left where it is: opening a pipe would wait for its
 * other end forever, and the agent's night with it.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
class PlantedFilesTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    @Test
    void aPipeOrAFolderAtTheLayoutLockRefusesTheResetAndChangesNothing() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        layout.writeUserChanges(layout.current);
        byte[] before = Files.readAllBytes(layout.current);
        Path lock = dir.resolve(LayoutLock.FILE_NAME);
        for (String what : List.of("a pipe or a device", "a folder")) {
            if (what.equals("a folder")) {
                Files.delete(lock);
                Files.createDirectory(lock);
            } else {
                Pipes.putAt(lock);
            }
            NotAFileException refused = assertThrows(NotAFileException.class,
                    () -> assertTimeoutPreemptively(PROMPTLY, () -> world.reset(dir, Role.CURRENT)));
            assertEquals(planted(lock, what), refused.getMessage());
            CommandRun run = CommandRun.with(world.services(), "reset", "--yes", "--layout", dir.toString());
            assertEquals(6, run.exitCode(), run.toString());
            assertEquals("vhdboot: error: " + refused.getMessage(), run.err().strip(), "the sentence, as it is");
            assertTrue(Files.exists(lock) && !Files.isRegularFile(lock), "left where it is");
            assertTrue(Arrays.equals(before, Files.readAllBytes(layout.current)), what);
        }
    }

    /**
     * Status reports a pipe or folder at a name every changing command now refuses, and a command meets it before it
     * changes anything; a planted temporary or a folder in Current's place is refused, not deleted or failed on.
     */
    @Test
    void aPlantedFixedNameIsAStatusProblemAndEveryChangeRefusesItUpFront() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        byte[] ini = Files.readAllBytes(dir.resolve(Layout.INI_NAME));
        String currentsTemporary = layout.current.getFileName().toString().replace(".vhdx", ".vhdboot-tmp.vhdx");
        for (String name : List.of("vhdboot-boot-entries.cmd", "vhdboot-remove-entries.cmd", "vhdboot.pending",
                "vhdboot.journal", "vhdboot.vhdboot-tmp.ini", "vhdboot.vhdboot-tmp.journal", currentsTemporary)) {
            Path pipe = dir.resolve(name);
            Pipes.putAt(pipe);
            String sentence = planted(pipe, "a pipe or a device");
            assertEquals(List.of(sentence), world.status(dir).problems(), name);
            for (String[] command : List.of(new String[] {"reset", "--yes"}, new String[] {"reset", "--dry-run"},
                    new String[] {"snapshot", "create", "s1"}, new String[] {"remove", "--yes"})) {
                List<String> args = new ArrayList<>(List.of(command));
                args.addAll(List.of("--layout", dir.toString()));
                CommandRun run = assertTimeoutPreemptively(PROMPTLY, () -> CommandRun.with(world.services(),
                        args.toArray(String[]::new)));
                assertEquals(6, run.exitCode(), run.toString());
                assertEquals("vhdboot: error: " + sentence, run.err().strip(), run.toString());
            }
            assertTrue(Files.exists(pipe) && !Files.isRegularFile(pipe), "left where it is");
            assertTrue(Arrays.equals(ini, Files.readAllBytes(dir.resolve(Layout.INI_NAME))), name);
            if (!name.equals("vhdboot.journal")) {
                assertFalse(Files.exists(dir.resolve("vhdboot.journal")), "refused before its journal: " + name);
            }
            Files.delete(pipe);
        }

        Files.move(layout.current, dir.resolve("moved-away.vhdx"));
        Files.createDirectory(layout.current);
        CommandRun reset = CommandRun.with(world.services(), "reset", "--yes", "--layout", dir.toString());
        assertEquals(6, reset.exitCode(), reset.toString());
        assertTrue(reset.err().contains(layout.current.getFileName() + " is not a file (a folder, a pipe or a device)"),
                reset.toString());
    }

    /**
     * A link at a name vhdboot writes in place (a lock, the log, a download) is never written through: the agent would
     * write where it points, outside the layout folder, with its rights.
     */
    @Test
    void nothingIsWrittenThroughALinkAtAKeptName() throws Exception {
        Published published = published();
        FleetFixture fleet = published.fleet();
        Path elsewhere = Files.writeString(dir.resolve("someone-elses-file"), "kept as it is\n");

        Path lock = fleet.lab.resolve(LayoutLock.FILE_NAME);
        Files.deleteIfExists(lock);
        Files.createSymbolicLink(lock, elsewhere);
        CommandRun reset = CommandRun.with(world.services(), "reset", "--yes", "--layout", fleet.lab.toString());
        assertEquals(6, reset.exitCode(), reset.toString());
        assertEquals("vhdboot: error: " + planted(lock, "a link"), reset.err().strip());
        assertTrue(world.status(fleet.lab).problems().contains(planted(lock, "a link")));
        Files.delete(lock);

        // Status says what lies there and never reads through it, which would show a line of the other file.
        Path journal = fleet.lab.resolve("vhdboot.journal");
        Files.createSymbolicLink(journal, elsewhere);
        CommandRun status = CommandRun.with(world.services(), "status", "--layout", fleet.lab.toString());
        assertEquals(1, status.exitCode(), status.toString());
        assertTrue(status.out().contains("problem: " + planted(journal, "a link")), status.toString());
        assertFalse(status.toString().contains("kept as it is"), status.toString());
        Files.delete(journal);

        Path log = fleet.lab.resolve(OperationLog.FILE_NAME);
        Files.deleteIfExists(log);
        Files.createSymbolicLink(log, elsewhere);
        world.reset(fleet.lab, Role.CURRENT); // the line goes to the event log alone
        Files.delete(log);

        Path part = published.part();
        Files.createSymbolicLink(part, elsewhere);
        assertThrows(NotAFileException.class, published::pull);
        assertEquals("kept as it is\n", Files.readString(elsewhere), "nothing written where the links point");
        assertTrue(Files.isSymbolicLink(part), "the link is left where it is");
    }

    @Test
    void aPipeAtTheIniIsNamedAsSuchNotCalledMissing() throws Exception {
        LayoutFixture.initialized(dir, world);
        Path ini = dir.resolve(Layout.INI_NAME);
        Pipes.putAt(ini);
        LayoutException refused = assertThrows(LayoutException.class,
                () -> assertTimeoutPreemptively(PROMPTLY, () -> LayoutFile.load(ini)));
        assertEquals(planted(ini, "a pipe or a device"), refused.getMessage());
    }

    @Test
    void aPipeAtThePullsLockOrPartFileRefusesThePullWithoutPromisingAResume() throws Exception {
        Published published = published();
        FleetFixture fleet = published.fleet();
        List<String> labBefore = fleet.labFiles();

        Path transferLock = fleet.lab.resolve(ImagePullOperation.TRANSFER_LOCK);
        Pipes.putAt(transferLock);
        assertThrows(NotAFileException.class, () -> assertTimeoutPreemptively(PROMPTLY, published::pull));
        Files.delete(transferLock);

        Path part = published.part();
        Pipes.putAt(part);
        NotAFileException refused = assertThrows(NotAFileException.class,
                () -> assertTimeoutPreemptively(PROMPTLY, published::pull));
        assertFalse(refused.getMessage().contains("resume"), refused.getMessage());
        assertTrue(refused.getMessage().startsWith(part.toString()), refused.getMessage());
        Files.delete(part);
        assertEquals(labBefore, fleet.labFiles().stream().filter(name -> !name.equals(ImagePullOperation.TRANSFER_LOCK))
                .toList(), "nothing recorded, nothing left but the lock, which stays");
        // At the name of a download this version no longer needs: not ours, so it stays.
        Path stale = VersionFiles.of(FleetFixture.layout(fleet.lab), VersionRecords.ref("2026-11"))
                .part(Digest.of(new byte[1]), 5);
        Pipes.putAt(stale);
        assertEquals(List.of("2026-11"), published.pull().pulled());
        assertTrue(Files.exists(stale) && !Files.isRegularFile(stale), "the pipe at a stale part's name stays");
    }

    /** Inspect still shows the image when the layout's base is a pipe, and says why a pull would be refused. */
    @Test
    void aPipeAtTheBaseIsAPullsRefusalInInspectNotItsFailure() throws Exception {
        Published published = published();
        Path base = FleetFixture.layout(published.fleet().lab).pathOf(ImageRef.BASE_VERSION);
        Files.move(base, dir.resolve("moved-away.vhdx"));
        Pipes.putAt(base);

        ImageInspectOperation.Report report = published.inspect();
        assertEquals(List.of("base", "2026-11"), report.versions().stream().map(ImageInspectOperation.Version::name)
                .toList());
        String why = "version base here (" + base.getFileName() + ") cannot be read: it is not a file (a folder, a pipe"
                + " or a device); `vhdboot status` says what to do";
        assertEquals(why, report.refused());
        assertEquals(why + "; nothing was downloaded", published.refusedPull().getMessage());

        // A layout that never recorded its base's identity reads it from the file: not from a pipe.
        Path ini = published.fleet().lab.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replaceAll("(?m)^(parent_)?link_id = .*\\R", ""));
        ImageInspectOperation.Report unrecorded = published.inspect();
        assertTrue(unrecorded.refused().endsWith("), and this layout's base " + base.getFileName() + " cannot be read"
                + " to compare: " + base.getFileName() + " is not a regular file (a pipe or a device), so not an image"),
                unrecorded.refused());
    }

    /** A version recorded here whose file is a pipe is not "present": inspect and pull say so alike. */
    @Test
    void aPipeAtAVersionHereIsNotPresentToInspectOrPull() throws Exception {
        Published published = published();
        published.pull();
        Path version = published.fleet().labFile("2026-11");
        Files.move(version, dir.resolve("moved-away.vhdx"));
        Pipes.putAt(version);

        String why = "version 2026-11 here (" + version.getFileName() + ") cannot be read: it is not a file (a folder,"
                + " a pipe or a device); `vhdboot status` says what to do";
        assertEquals(why, published.inspect().refused());
        assertEquals(why + "; nothing was downloaded", published.refusedPull().getMessage());
        assertTrue(Files.exists(version) && !Files.isRegularFile(version), "left where it is");
    }

    @Test
    void aPipeAtAnImageLayoutFoldersLockOrTemporaryRefusesThePush() throws Exception {
        FleetFixture fleet = published().fleet();
        List<String> blobs;
        try (Stream<Path> files = Files.list(dir.resolve("share").resolve("blobs").resolve("sha256"))) {
            blobs = files.map(p -> p.getFileName().toString()).toList();
        }

        Path second = Files.createDirectories(dir.resolve("second"));
        for (String hex : blobs) {
            Pipes.putAt(second.resolve(".vhdboot-tmp-" + hex));
        }
        assertThrows(NotAFileException.class, () -> assertTimeoutPreemptively(PROMPTLY,
                () -> fleet.push("2026-11", "oci-layout:" + second + ":v1", RegistryAccess.defaults())));

        // A push records what it published in the layout at its end: a planted name stops it before any upload.
        Path masterLock = fleet.master.resolve(LayoutLock.FILE_NAME);
        Files.deleteIfExists(masterLock);
        Files.createDirectory(masterLock);
        Path fourth = dir.resolve("fourth");
        assertThrows(NotAFileException.class, () -> fleet.push("2026-11", "oci-layout:" + fourth + ":v1",
                RegistryAccess.defaults()));
        assertFalse(Files.exists(fourth), "nothing uploaded");
        Files.delete(masterLock);

        Path third = Files.createDirectories(dir.resolve("third"));
        Pipes.putAt(third.resolve(".vhdboot-index.lock"));
        assertThrows(NotAFileException.class, () -> assertTimeoutPreemptively(PROMPTLY,
                () -> fleet.push("2026-11", "oci-layout:" + third + ":v1", RegistryAccess.defaults())));
        assertFalse(Files.readString(third.resolve("index.json")).contains("org.opencontainers.image.ref.name"),
                "the tag is not recorded");
        assertTrue(Files.exists(third.resolve(".vhdboot-index.lock")) && !Files.isRegularFile(third.resolve(
                ".vhdboot-index.lock")), "the pipe is left where it is");
    }

    /** The refusal of something planted at {@code file}, as every command words it. */
    private static String planted(Path file, String what) {
        return file + " is " + what + " where vhdboot keeps a file of its own; move it away and run the command again";
    }

    /** A master's version 2026-11 pushed to an image-layout folder, and the lab that pulls it. */
    private Published published() throws Exception {
        FleetFixture fleet = FleetFixture.vhdx(dir, world);
        fleet.commit("2026-11", "base", 1 << 20, 11);
        String reference = "oci-layout:" + dir.resolve("share") + ":v1";
        return new Published(fleet, reference, fleet.push("2026-11", reference, RegistryAccess.defaults()));
    }

    private record Published(FleetFixture fleet, String reference, ImagePushOperation.Result pushed) {
        ImagePullOperation.Result pull() throws Exception {
            return fleet.pull(reference, RegistryAccess.defaults());
        }

        ParentLinkException refusedPull() {
            return assertThrows(ParentLinkException.class, () -> assertTimeoutPreemptively(PROMPTLY, this::pull));
        }

        ImageInspectOperation.Report inspect() {
            return assertTimeoutPreemptively(PROMPTLY, () -> new ImageInspectOperation(fleet.world.context()).run(
                    reference, RegistryAccess.defaults(), Optional.of(FleetFixture.layout(fleet.lab))));
        }

        /** Where the lab downloads 2026-11's blob. */
        Path part() throws Exception {
            ImagePushOperation.Layer layer = pushed.layers().stream().filter(l -> l.version().equals("2026-11"))
                    .findFirst().orElseThrow();
            return VersionFiles.of(FleetFixture.layout(fleet.lab), VersionRecords.ref("2026-11"))
                    .part(Digest.parse(layer.digest()), layer.blobSize());
        }
    }
}
