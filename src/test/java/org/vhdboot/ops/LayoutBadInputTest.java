package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.io.IoStepHook;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the layout commands: one line, a documented exit code, and no change. */
class LayoutBadInputTest {
    @TempDir
    Path dir;

    private final Services services = new TestWorld().services();

    private Map<String, String> snapshot(Path folder) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                hashes.put(file.getFileName().toString(), LayoutFixture.sha256(file));
            }
        }
        return hashes;
    }

    private static void oneLine(CommandRun run, int code, String words) {
        assertEquals(code, run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(words), run.err());
    }

    @Test
    void initWithAMissingParent() throws Exception {
        CommandRun run = CommandRun.with(services, "init", "--parent", dir.resolve("nothing.vhdx").toString(),
                "--boot-store", "none");
        oneLine(run, ExitCode.INVALID_IMAGE.code(), "no such file");
        assertEquals(Map.of(), snapshot(dir));
    }

    @Test
    void initWithACorruptParent() throws Exception {
        Path parent = dir.resolve("broken.vhdx");
        Files.write(parent, new byte[5 << 20]);
        Map<String, String> before = snapshot(dir);
        CommandRun run = CommandRun.with(services, "init", "--parent", parent.toString(), "--boot-store", "none");
        oneLine(run, ExitCode.INVALID_IMAGE.code(), "broken.vhdx");
        assertEquals(before, snapshot(dir));
    }

    @Test
    void aLayoutOptionNamingAnImageSaysWhatItTakes() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        Map<String, String> before = snapshot(dir);
        CommandRun run = CommandRun.with(services, "status", "--layout", layout.parent.toString());
        oneLine(run, ExitCode.PRECONDITION.code(), "--layout takes the layout folder or its vhdboot.ini");
        assertEquals(before, snapshot(dir));
    }

    @Test
    void aLayoutNamingAChildWhoseParentLinkIsBroken() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        // Current now links to a different parent than the layout's.
        Path other = Files.createDirectory(dir.resolve("other"));
        DiskImages images = new DiskImages();
        images.create(other.resolve("Gold.vhdx"), ImageSpec.dynamic(LayoutFixture.SIZE));
        Files.delete(layout.current);
        images.createChild(other.resolve("Gold-Current.vhdx"), other.resolve("Gold.vhdx"));
        Files.move(other.resolve("Gold-Current.vhdx"), layout.current);
        Files.move(other.resolve("Gold.vhdx"), dir.resolve("Gold-impostor.vhdx"));
        Files.delete(other);
        Map<String, String> before = snapshot(dir);

        CommandRun reset = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
        assertEquals(ExitCode.PARENT.code(), reset.exitCode(), reset.toString());
        assertEquals(1, reset.err().lines().count(), reset.err());
        assertEquals(before.get("Gold-Current.vhdx"), snapshot(dir).get("Gold-Current.vhdx"));

        CommandRun status = CommandRun.with(services, "status", "--layout", dir.toString());
        assertEquals(ExitCode.PROBLEMS.code(), status.exitCode(), status.toString());
        assertTrue(status.out().contains("problem: Current"), status.out());
    }

    @Test
    void aReadOnlyFolder() throws Exception {
        LayoutFixture layout = new LayoutFixture(dir);
        layout.buildParent();
        Map<String, String> before = snapshot(dir);
        CommandRun run;
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            // Root writes anywhere; the I/O seam plays the read-only folder instead.
            IoStepHook readOnly = (step, path, position, length) -> {
                throw new AccessDeniedException(path.toString(), null, "read-only file system");
            };
            Files.setPosixFilePermissions(layout.parent, PosixFilePermissions.fromString("r--r--r--"));
            before = snapshot(dir);
            run = CommandRun.with(services.with(IoStepHook.class, readOnly), "init", "--parent", layout.parent.toString(),
                    "--boot-store", "none");
        } else {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                run = CommandRun.with(services, "init", "--parent", layout.parent.toString(), "--boot-store", "none");
            } finally {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        assertEquals(ExitCode.IO_ERROR.code(), run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        Map<String, String> after = snapshot(dir);
        after.remove("vhdboot.lock");
        assertEquals(before, after, "nothing but the lock file may appear");
    }

    /**
     * Every image file name is made from [layout] name: one holding a path would put snapshots and versions outside
     * the layout folder. Refused when the ini is read, before anything is made.
     */
    @Test
    void aLayoutNameHoldingAPathIsRefusedBeforeAnyFileIsMade() throws Exception {
        Path layoutFolder = Files.createDirectories(dir.resolve("layout"));
        LayoutFixture.initialized(layoutFolder, services);
        Path ini = layoutFolder.resolve("vhdboot.ini");
        String original = Files.readString(ini);
        for (String name : new String[] {"../x", dir.resolve("elsewhere").resolve("evil").toString(), "a\\b", "C:x",
                " "}) {
            Files.writeString(ini, original.replaceFirst("(?m)^name = .*$", java.util.regex.Matcher.quoteReplacement(
                    "name = " + name)));
            Map<String, String> before = snapshot(layoutFolder);
            before.remove("vhdboot.log");
            for (String[] command : new String[][] {{"snapshot", "create", "s1"}, {"image", "commit", "v1"},
                    {"reset", "--yes"}, {"status"}}) {
                List<String> args = new java.util.ArrayList<>(List.of(command));
                args.addAll(List.of("--layout", layoutFolder.toString()));
                CommandRun run = CommandRun.with(services, args.toArray(String[]::new));
                oneLine(run, ExitCode.PRECONDITION.code(), "name");
            }
            Map<String, String> after = snapshot(layoutFolder);
            after.remove("vhdboot.log");
            assertEquals(before, after, name);
            try (Stream<Path> outside = Files.list(dir)) {
                assertEquals(List.of("layout"), outside.map(p -> p.getFileName().toString()).toList(), name);
            }
        }
    }

    /** What an earlier init wrote from a parent's name, or stored unused, still loads: no layout is locked out. */
    @Test
    void aLayoutAnEarlierInitWroteStillLoads() throws Exception {
        LayoutFixture.initialized(dir, services);
        Path ini = dir.resolve("vhdboot.ini");
        String name = "Win..11 " + "x".repeat(170);
        Files.writeString(ini, Files.readString(ini).replaceFirst("(?m)^name = .*$", "name = " + name)
                .replaceFirst("(?m)^\\[layout\\]$", "[layout]\nboot_folder = VHD"));
        CommandRun status = CommandRun.with(services, "status", "--json", "--layout", dir.toString());
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.out().contains("\"name\" : \"" + name + "\""), status.out());
    }

    /** Fills the disk at the first write of a fresh child, wherever a command makes one. */
    private static final IoStepHook FULL_AT_A_FRESH_CHILD = (step, path, position, length) -> {
        if (step == IoStepHook.Step.WRITE && path.getFileName().toString().contains("vhdboot-tmp.vhdx")) {
            throw new IOException("No space left on device");
        }
    };

    /** Stopped after Current's file took the snapshot's name: the line says the job is journalled and a rerun ends it. */
    @Test
    void aFullDiskDuringSnapshotCreateSaysWhatStoppedAndARerunFinishesIt() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        layout.writeUserChanges(layout.current);
        String userState = LayoutFixture.sha256(layout.current);
        CommandRun run = CommandRun.with(services.with(IoStepHook.class, FULL_AT_A_FRESH_CHILD), "snapshot", "create",
                "s1", "--layout", dir.toString());
        oneLine(run, ExitCode.IO_ERROR.code(), "snapshot create s1 stopped: No space left on device; nothing is lost:"
                + " what it began is journalled, and `vhdboot snapshot create s1` finishes it once the disk has room");
        assertTrue(Files.exists(dir.resolve("vhdboot.journal")));

        CommandRun rerun = CommandRun.with(services, "snapshot", "create", "s1", "--layout", dir.toString());
        assertEquals(0, rerun.exitCode(), rerun.toString());
        assertEquals(userState, LayoutFixture.sha256(dir.resolve("Gold-s-s1.vhdx")), "the snapshot is Current as it was");
        assertFalse(Files.exists(dir.resolve("vhdboot.journal")));
    }

    /** An image commit finishes or undoes itself at once where it can: the line then says nothing is left half done. */
    @Test
    void aFullDiskDuringImageCommitSaysNothingIsLeftHalfDone() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        layout.writeUserChanges(layout.current);
        Map<String, String> before = snapshot(dir);
        boolean[] filled = {false};
        IoStepHook fullOnce = (step, path, position, length) -> {
            if (!filled[0]) {
                try {
                    FULL_AT_A_FRESH_CHILD.beforeStep(step, path, position, length);
                } catch (IOException e) {
                    filled[0] = true; // then room again, for the undo
                    throw e;
                }
            }
        };
        CommandRun run = CommandRun.with(services.with(IoStepHook.class, fullOnce), "image", "commit", "2027-01",
                "--layout", dir.toString());
        assertEquals(ExitCode.IO_ERROR.code(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("vhdboot: error: image commit 2027-01 stopped: No space left on device; nothing is"
                + " lost or left half done (`vhdboot status` shows where it stands)"), run.toString());
        assertFalse(Files.exists(dir.resolve("vhdboot.journal")));
        assertTrue(run.toString().contains("finished an interrupted image commit"), run.toString());
        assertEquals(before.get("Gold-Current.vhdx"), snapshot(dir).get("Gold-v-2027-01.vhdx"),
                "the undo found the commit past its point of no return and finished it: Current as it was is the version");
    }

    @Test
    void aFullDiskDuringResetLeavesTheOldCurrentAndARerunWorks() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        layout.writeUserChanges(layout.current);
        String currentBefore = LayoutFixture.sha256(layout.current);
        String parentBefore = LayoutFixture.sha256(layout.parent);
        IoStepHook full = (step, path, position, length) -> {
            if (step == IoStepHook.Step.WRITE && path.getFileName().toString().contains("vhdboot-tmp.vhdx")) {
                throw new IOException("No space left on device");
            }
        };
        CommandRun run = CommandRun.with(services.with(IoStepHook.class, full), "reset", "--yes", "--layout", dir.toString());
        oneLine(run, ExitCode.IO_ERROR.code(), "reset current stopped: No space left on device; nothing is lost");
        assertEquals(currentBefore, LayoutFixture.sha256(layout.current));
        assertEquals(parentBefore, LayoutFixture.sha256(layout.parent));
        assertFalse(Files.exists(dir.resolve("Gold-Current.vhdboot-tmp.vhdx")), "no partial child is left");

        CommandRun rerun = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
        assertEquals(0, rerun.exitCode(), rerun.toString());
        assertTrue(layout.isFreshChild(layout.current));
    }
}
