package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs a real JVM in the middle of {@code image commit} and {@code image switch}: nothing of the command runs after
 * the signal (no cleanup, no rollback), unlike the stops of {@link ImageCrashTest}. The JVM waits at a chosen I/O step,
 * so each kill lands at the same point every run. A commit is killed before Current becomes the version, after it did
 * but before the fresh Current is in place (Current is then missing), and before the ini records the version; a switch
 * before the ini records it. Each time the golden parent and the versions keep their bytes, the old default stays, and
 * the rerun leaves the state an uninterrupted run leaves.
 */
class ImageKillTest {
    private static final Instant MONDAY = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    /** A lab that added 2026-12 from a master, running from slot a, with Current written. */
    private ModelLayout lab(SimulatedMachine machine) throws Exception {
        ModelLayout master = ModelLayout.create(dir.resolve("master"), "vhdx", 41, world.context(),
                o -> o.bootStore("none"));
        master.writeActive(42);
        new ImageCommitOperation(world.context()).run(master.layout(), new ImageCommitOperation.Options("2026-12",
                Optional.empty(), false, TransferProgress.NONE));
        ModelLayout lab = ModelLayout.copyParent(master, dir.resolve("lab"), machine.context(),
                o -> o.bootFolder("C:\\VHD"));
        new ImageAddOperation(machine.context()).run(lab.layout(), new ImageAddOperation.Options(
                master.versionFile("2026-12"), Optional.empty(), false, TransferProgress.NONE));
        lab.put("version:2026-12", master.model("slot:a").copy());
        machine.start();
        lab.writeActive(43);
        return lab;
    }

    @Test
    void killingACommitAtAnyOfItsStagesNeverLosesCurrentAndTheRerunFinishesIt() throws Exception {
        SimulatedMachine machine = new SimulatedMachine(world, FakeBcdedit.in(dir.resolve("bcd"), "en", "utf-8"),
                dir.resolve("lab"), MONDAY);
        ModelLayout lab = lab(machine);
        machine.offline();
        FileDigests frozen = FileDigests.of(lab.parent, lab.versionFile("2026-12"));
        List<List<String>> killPoints = List.of(
                List.of("RENAME", "Gold-v-2027-02.vhdx", "1"),
                List.of("RENAME", "Gold-Current.vhdx", "1"),
                List.of("RENAME", Layout.INI_NAME, "1"));
        for (List<String> point : killPoints) {
            kill("commit", point);
            frozen.assertUnchanged();
            Path current = lab.layout().childPath(Role.CURRENT);
            if (point.get(1).equals("Gold-Current.vhdx")) {
                assertFalse(Files.exists(current), "killed between freezing Current and putting a fresh one in place");
            } else {
                lab.assertReads(Role.CURRENT, "slot:a");
            }
            new ImageCommitOperation(machine.context()).run(lab.layout(), new ImageCommitOperation.Options("2027-02",
                    Optional.empty(), false, TransferProgress.NONE));
            lab.put("version:2027-02", lab.model("slot:a").copy());
            ImageVersionsTest.assertFrozenVersion(lab, "2027-02", "base");
            lab.assertReads(Role.CURRENT, "slot:a");
            assertFalse(Files.exists(lab.folder.resolve(ImageJournal.FILE_NAME)), point.toString());
            // Undone by hand for the next kill point: the version goes, Current stands on the base again.
            undoCommit(lab);
        }
    }

    private void undoCommit(ModelLayout lab) throws Exception {
        Layout layout = lab.layout();
        Path version = lab.versionFile("2027-02");
        Path current = layout.childPath(Role.CURRENT);
        Files.delete(current);
        version.toFile().setWritable(true);
        Files.move(version, current);
        layout.tree().remove(VersionRecords.ref("2027-02"));
        layout.setCurrentBase(ImageRef.BASE_VERSION);
        LayoutFile.save(layout, new FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        lab.assertReads(Role.CURRENT, "slot:a");
    }

    @Test
    void killingASwitchBeforeItsOneTimeBootLeavesTheOldDefaultAndTheRerunSwitches() throws Exception {
        SimulatedMachine machine = new SimulatedMachine(world, FakeBcdedit.in(dir.resolve("bcd"), "en", "utf-8"),
                dir.resolve("lab"), MONDAY);
        ModelLayout lab = lab(machine);
        FileDigests untouched = FileDigests.of(lab.parent, lab.versionFile("2026-12"), lab.slotFile(Slot.A));
        String slotA = "{" + machine.layout().slot(Slot.A).orElseThrow().entryId() + "}";
        kill("switch", List.of("RENAME", Layout.INI_NAME, "1"));
        untouched.assertUnchanged();
        var manager = machine.bcdedit.objects().get("{9dea862c-5cdd-4e70-acc1-f32b344d4795}").get("elements");
        assertEquals(slotA, manager.get("default").asText());
        assertTrue(!manager.has("bootsequence") || manager.get("bootsequence").size() == 0, manager.toString());
        assertTrue(Files.exists(lab.folder.resolve(ImageJournal.FILE_NAME)), "the kill landed inside the switch");
        assertEquals("current", machine.powerOn(), "the next start is the old default");

        new ImageSwitchOperation(machine.context()).run(machine.layout(), new ImageSwitchOperation.Options("2026-12",
                Optional.empty(), false, true, false));
        assertTrue(machine.layout().lastSwitch().orElseThrow().pending());
        assertEquals("slot-b", machine.powerOn());
        lab.put("slot:b", lab.model("version:2026-12").copy());
        lab.assertReads(lab.slotFile(Slot.B), "slot:b");
        untouched.assertUnchanged();
    }

    private void kill(String command, List<String> point) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath,
                ImageKillPoint.class.getName(), dir.toString(), command, point.get(0), point.get(1), point.get(2)))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals(KillPointHook.REACHED, line, command + " reached " + point);
            assertTrue(process.isAlive());
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), command + " died");
        }
        assertTrue(Files.exists(dir.resolve("lab").resolve(ImageJournal.FILE_NAME)), "the kill landed inside " + command
                + " (" + point + ")");
    }
}
