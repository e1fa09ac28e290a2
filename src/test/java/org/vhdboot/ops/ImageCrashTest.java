package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.TreeImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code image} command stopped before each of its I/O steps in turn, as a power loss would (the I/O step hook
 * refuses that step and every later one, and bcdedit refuses to run after it): what must hold right after the crash,
 * then a rerun of the same command, then the state a run that was never interrupted leaves. The golden parent and
 * every version keep their bytes throughout; a switch stopped before its one-time boot leaves the old default alone.
 */
class ImageCrashTest {
    private static final Instant MONDAY = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static ModelLayout master;
    private static SimulatedMachine prepared;
    private static ModelLayout preparedLab;
    private SimulatedMachine template;
    private ModelLayout lab;

    /** What one command does, and what holds after a crash in it and after its rerun. */
    private interface Scenario {
        void run(OperationContext context, ModelLayout lab) throws Exception;

        void afterCrash(ModelLayout lab, SimulatedMachine machine) throws Exception;

        void done(ModelLayout lab, SimulatedMachine machine) throws Exception;

        /** Whether the command leaves {@code file}, a version's, as it is (prune deletes some). */
        default boolean keeps(String file) {
            return true;
        }
    }

    /** Once: the master commits 2026-12 and 2027-01; the lab adds 2026-12 and runs from slot a. */
    @BeforeAll
    static void prepareOnce() throws Exception {
        TestWorld offline = new TestWorld();
        master = ModelLayout.create(shared.resolve("master"), "vhdx", 21, offline.context(), o -> o.bootStore("none"));
        for (String version : List.of("2026-12", "2027-01")) {
            master.writeActive(version.hashCode());
            new ImageCommitOperation(offline.context()).run(master.layout(), new ImageCommitOperation.Options(version,
                    Optional.empty(), false, TransferProgress.NONE));
            master.put("version:" + version, master.model("slot:a").copy());
        }
        prepared = new SimulatedMachine(new TestWorld(), FakeBcdedit.in(shared.resolve("lab/bcd"), "en", "utf-8"),
                shared.resolve("lab/lab"), MONDAY);
        preparedLab = ModelLayout.copyParent(master, shared.resolve("lab/lab"), prepared.context(),
                o -> o.bootFolder("C:\\VHD"));
        new ImageAddOperation(prepared.context()).run(preparedLab.layout(), new ImageAddOperation.Options(
                master.versionFile("2026-12"), Optional.empty(), false, TransferProgress.NONE));
        preparedLab.put("version:2026-12", master.model("version:2026-12").copy());
        prepared.start();
    }

    /** Each test starts from a copy of the prepared lab, running from slot a. */
    @BeforeEach
    void copyPrepared() throws Exception {
        lab = preparedLab.copyTo(dir.resolve("template/lab"));
        FakeBcdedit bcdedit = FakeBcdedit.in(dir.resolve("template/bcd"), "en", "utf-8");
        Files.copy(prepared.bcdedit.store(), bcdedit.store());
        template = new SimulatedMachine(new TestWorld(), bcdedit, lab.folder, prepared.now());
        template.world.platform.runningRole = "current";
        template.world.platform.bootedImage = lab.layout().childPath(Role.CURRENT);
    }

    /**
     * Runs {@code scenario} once to list its I/O steps, then on a fresh copy of the template stopped before each step
     * that begins something, and once more to its end. Left out, as they stop it in the state a neighbour does: the
     * second and later of a run of writes into one file, and flushes. Returns the number of steps.
     */
    private int atEveryStep(Scenario scenario) throws Exception {
        List<String> steps = new ArrayList<>();
        IoStepHook recording = (step, path, position, length) -> steps.add(step + " " + path.getFileName());
        SimulatedMachine counting = machineFor(dir.resolve("count"));
        scenario.run(counting.hooked(recording), lab.copyTo(dir.resolve("count/lab")));
        List<String> frozen = frozenFiles(scenario);
        FolderCopy labFiles = FolderCopy.of(lab.folder);
        for (int allowed = 0; allowed <= steps.size(); allowed++) {
            boolean sameRun = allowed > 0 && allowed < steps.size() && steps.get(allowed).startsWith("WRITE ")
                    && steps.get(allowed).equals(steps.get(allowed - 1));
            // Nothing is cached here: a stop before a flush leaves what a stop before the next step leaves.
            boolean flush = allowed < steps.size() && steps.get(allowed).contains("FLUSH ");
            if (!sameRun && !flush) {
                stopAt(scenario, allowed, allowed == steps.size(), labFiles, frozen);
            }
        }
        return steps.size();
    }

    private SimulatedMachine machineFor(Path run) throws Exception {
        FakeBcdedit bcdedit = FakeBcdedit.in(run.resolve("bcd"), "en", "utf-8");
        Files.copy(template.bcdedit.store(), bcdedit.store());
        return new SimulatedMachine(new TestWorld(), bcdedit, run.resolve("lab"), template.now());
    }

    /** One run stopped before step {@code allowed}, then what holds, the rerun, and what holds at the end. */
    private void stopAt(Scenario scenario, int allowed, boolean last, FolderCopy labFiles, List<String> frozen)
            throws Exception {
        Path run = dir.resolve("run" + allowed);
        ModelLayout copy = lab.copyTo(run.resolve("lab"), labFiles);
        SimulatedMachine machine = machineFor(run);
        runningAsTemplate(machine);
        CrashAfterSteps crash = new CrashAfterSteps(allowed);
        boolean completed;
        try {
            scenario.run(machine.crashing(crash), copy);
            completed = true;
        } catch (SimulatedCrash expected) {
            completed = false;
        }
        String where = "stopped at step " + (allowed + 1) + " (" + crash.crashedAt() + ")";
        assertEquals(last, completed, where);
        try {
            assertFrozen(copy, frozen);
            scenario.afterCrash(copy, machine);
            rerun(scenario, machine, copy);
            scenario.done(copy, machine);
            assertFrozen(copy, frozen);
            assertFalse(Files.exists(run.resolve("lab").resolve(ImageJournal.FILE_NAME)), "journal left");
            try (var files = Files.list(run.resolve("lab"))) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".vhdboot-tmp")), "temporary");
            }
        } catch (AssertionError | Exception e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
    }

    private void runningAsTemplate(SimulatedMachine machine) throws Exception {
        String role = template.runningFrom();
        if (role == null) {
            machine.offline();
            return;
        }
        machine.world.platform.runningRole = role;
        Layout layout = machine.layout();
        machine.world.platform.bootedImage = role.equals("current") ? layout.childPath(Role.CURRENT)
                : role.equals("recovery") ? layout.childPath(Role.RECOVERY) : layout.slotPath(layout.activeSlot().other());
    }

    /** The base and every recorded version, which are never written. */
    private List<String> frozenFiles(Scenario scenario) throws Exception {
        List<String> files = new ArrayList<>();
        for (TreeImage image : lab.layout().tree().all()) {
            if (scenario.keeps(image.file())) {
                files.add(image.file());
            }
        }
        return files;
    }

    /** Each frozen file of {@code copy} is still byte for byte the template's (no run touches the template). */
    private void assertFrozen(ModelLayout copy, List<String> frozen) throws Exception {
        for (String file : frozen) {
            assertEquals(-1L, Files.mismatch(lab.folder.resolve(file), copy.folder.resolve(file)),
                    file + " was changed");
        }
    }

    /** The user runs the command again: an earlier run that had finished is refused as done, which is fine. */
    private static void rerun(Scenario scenario, SimulatedMachine machine, ModelLayout lab) throws Exception {
        try {
            scenario.run(machine.context(), lab);
        } catch (OperationException e) {
            assertTrue(e.getMessage().contains("already") || e.getMessage().contains("is pending"), e.getMessage());
        }
    }

    private static String entry(SimulatedMachine machine, Slot slot) throws Exception {
        return "{" + machine.layout().slot(slot).orElseThrow().entryId() + "}";
    }

    private static String bootManager(SimulatedMachine machine, String element) throws Exception {
        var elements = machine.bcdedit.objects().get("{9dea862c-5cdd-4e70-acc1-f32b344d4795}").get("elements");
        var value = elements.get(element);
        return value == null ? "" : value.isArray() ? (value.size() == 0 ? "" : value.get(0).asText()) : value.asText();
    }

    @Test
    void aCommitStoppedAnywhereIsFinishedOrUndoneByItsRerun() throws Exception {
        template.offline();
        lab.writeActive(31);
        CommitScenario commit = new CommitScenario();
        int steps = atEveryStep(commit);
        assertTrue(steps > 10, "a commit has several steps; it completed after " + steps);
        assertTrue(commit.finishingReruns > 0 && commit.finishingReruns < steps, "reruns that finished the commit: "
                + commit.finishingReruns);
    }

    @Test
    void aCommitOfANewLayerStoppedAnywhereIsFinishedOrUndoneByItsRerun() throws Exception {
        template.offline();
        lab.writeActive(32);
        ImageVersionsTest.snapshot(lab, "before-office");
        lab.writeActive(33);
        atEveryStep(new CommitScenario());
    }

    /** Commit never changes what Current reads; the version reads it too once it is recorded. */
    private static final class CommitScenario implements Scenario {
        private static final String NOTE = "February updates";
        private boolean finishing;
        private int finishingReruns;

        @Override
        public void run(OperationContext context, ModelLayout lab) throws Exception {
            // The rerun after a crash leaves out --note, and the interrupted commit's note is kept all the same; once
            // its version file exists, the rerun finishes that commit, which keeps its note over a new one.
            boolean rerun = Files.exists(lab.layout().folder().resolve(ImageJournal.FILE_NAME));
            finishing = rerun && Files.exists(lab.versionFile("2027-02"));
            finishingReruns += finishing ? 1 : 0;
            Optional<String> note = !rerun ? Optional.of(NOTE) : finishing ? Optional.of("an afterthought")
                    : Optional.empty();
            new ImageCommitOperation(context).run(lab.layout(), new ImageCommitOperation.Options("2027-02", note,
                    false, TransferProgress.NONE));
        }

        @Override
        public void afterCrash(ModelLayout lab, SimulatedMachine machine) throws Exception {
            Layout layout = lab.layout();
            if (Files.exists(layout.childPath(Role.CURRENT))) {
                lab.assertReads(Role.CURRENT, "slot:a");
            } else {
                assertTrue(Files.exists(lab.versionFile("2027-02")), "Current is gone only once it is the version");
            }
            if (layout.tree().find(VersionRecords.ref("2027-02")).isPresent()) {
                lab.put("version:2027-02", lab.model("slot:a").copy());
                lab.assertReads(lab.versionFile("2027-02"), "version:2027-02");
            }
        }

        @Override
        public void done(ModelLayout lab, SimulatedMachine machine) throws Exception {
            lab.put("version:2027-02", lab.model("slot:a").copy());
            ImageVersionsTest.assertFrozenVersion(lab, "2027-02", "base");
            lab.assertReads(Role.CURRENT, "slot:a");
            assertEquals(VersionRecords.ref("2027-02"), lab.layout().currentBase());
            assertEquals(NOTE, lab.layout().tree().get(VersionRecords.ref("2027-02")).note());
            assertEquals(finishing, machine.world.reporter.warnings.contains("version 2027-02 keeps the note its"
                    + " interrupted commit was started with: " + NOTE), machine.world.reporter.warnings.toString());
        }
    }

    @Test
    void anAddStoppedAnywhereIsFinishedOrUndoneByItsRerun() throws Exception {
        Path source = master.versionFile("2027-01");
        lab.put("version:2027-01", master.model("version:2027-01").copy());
        atEveryStep(new Scenario() {
            @Override
            public void run(OperationContext context, ModelLayout lab) throws Exception {
                new ImageAddOperation(context).run(lab.layout(), new ImageAddOperation.Options(source, Optional.empty(),
                        false, TransferProgress.NONE));
            }

            @Override
            public void afterCrash(ModelLayout lab, SimulatedMachine machine) throws Exception {
                lab.assertReads(Role.CURRENT, "slot:a");
                if (lab.layout().tree().find(VersionRecords.ref("2027-01")).isPresent()) {
                    lab.assertReads(lab.versionFile("2027-01"), "version:2027-01");
                }
            }

            @Override
            public void done(ModelLayout lab, SimulatedMachine machine) throws Exception {
                ImageVersionsTest.assertFrozenVersion(lab, "2027-01", "2026-12");
            }
        });
    }

    @Test
    void aSwitchStoppedBeforeItsOneTimeBootLeavesTheOldDefaultAndItsRerunSwitches() throws Exception {
        lab.writeActive(34);
        lab.put("slot:b", lab.model("version:2026-12").copy());
        atEveryStep(new Scenario() {
            @Override
            public void run(OperationContext context, ModelLayout lab) throws Exception {
                new ImageSwitchOperation(context).run(lab.layout(), new ImageSwitchOperation.Options("2026-12",
                        Optional.empty(), false, true, false));
            }

            @Override
            public void afterCrash(ModelLayout lab, SimulatedMachine machine) throws Exception {
                assertEquals(entry(machine, Slot.A), bootManager(machine, "default"), "the default is untouched");
                lab.assertReads(Role.CURRENT, "slot:a");
                String once = bootManager(machine, "bootsequence");
                if (!once.isEmpty()) {
                    assertEquals(entry(machine, Slot.B), once, "a one-time boot only into the complete new slot");
                    lab.assertReads(lab.slotFile(Slot.B), "slot:b");
                }
            }

            @Override
            public void done(ModelLayout lab, SimulatedMachine machine) throws Exception {
                assertEquals(entry(machine, Slot.A), bootManager(machine, "default"));
                assertEquals(entry(machine, Slot.B), bootManager(machine, "bootsequence"));
                assertTrue(machine.layout().lastSwitch().orElseThrow().pending());
                lab.assertReads(lab.slotFile(Slot.B), "slot:b");
                assertEquals("slot-b", machine.powerOn(), "the next start tries the new slot");
            }
        });
    }

    @Test
    void aConfirmStoppedAnywhereLeavesABootableDefaultAndItsRerunConfirms() throws Exception {
        new ImageSwitchOperation(template.context()).run(lab.layout(), new ImageSwitchOperation.Options("2026-12",
                Optional.empty(), false, true, false));
        lab.put("slot:b", lab.model("version:2026-12").copy());
        template.start();
        assertEquals("slot-b", template.runningFrom());
        atEveryStep(new Scenario() {
            @Override
            public void run(OperationContext context, ModelLayout lab) throws Exception {
                new ImageConfirmOperation(context).run(lab.layout(), new ImageConfirmOperation.Options(false));
            }

            @Override
            public void afterCrash(ModelLayout lab, SimulatedMachine machine) throws Exception {
                String defaultEntry = bootManager(machine, "default");
                assertTrue(defaultEntry.equals(entry(machine, Slot.A)) || defaultEntry.equals(entry(machine, Slot.B)));
                lab.assertReads(lab.slotFile(Slot.A), "slot:a");
                lab.assertReads(lab.slotFile(Slot.B), "slot:b");
                Path recovery = lab.layout().childPath(Role.RECOVERY);
                assertTrue(Files.exists(recovery), "Recovery is always there");
            }

            @Override
            public void done(ModelLayout lab, SimulatedMachine machine) throws Exception {
                Layout layout = machine.layout();
                assertEquals(Slot.B, layout.activeSlot());
                assertEquals(entry(machine, Slot.B), bootManager(machine, "default"));
                lab.put("recovery", lab.model("version:2026-12").copy());
                lab.assertReads(Role.RECOVERY, "recovery");
            }
        });
    }

    @Test
    void aPruneStoppedAnywhereIsFinishedByItsRerun() throws Exception {
        new ImageSwitchOperation(template.context()).run(lab.layout(), new ImageSwitchOperation.Options("2026-12",
                Optional.empty(), false, true, false));
        template.start();
        new ImageConfirmOperation(template.context()).run(lab.layout(), new ImageConfirmOperation.Options(false));
        new ImageAddOperation(template.context()).run(lab.layout(), new ImageAddOperation.Options(
                master.versionFile("2027-01"), Optional.empty(), false, TransferProgress.NONE));
        lab.put("slot:b", lab.model("version:2026-12").copy());
        atEveryStep(new Scenario() {
            @Override
            public boolean keeps(String file) {
                return !file.contains("2027-01");
            }

            @Override
            public void run(OperationContext context, ModelLayout lab) throws Exception {
                new ImagePruneOperation(context).run(lab.layout(), new ImagePruneOperation.Options(true, false));
            }

            @Override
            public void afterCrash(ModelLayout lab, SimulatedMachine machine) throws Exception {
                Layout layout = lab.layout();
                for (TreeImage image : layout.tree().all()) {
                    assertTrue(Files.exists(lab.folder.resolve(image.file())), image.file() + " is recorded");
                }
                lab.assertReads(Role.CURRENT, "slot:b");
            }

            @Override
            public void done(ModelLayout lab, SimulatedMachine machine) throws Exception {
                Layout layout = lab.layout();
                assertEquals(Optional.empty(), layout.slot(Slot.A));
                assertFalse(Files.exists(lab.folder.resolve(Slot.A.fileFor(layout))));
                assertEquals(Optional.empty(), layout.tree().find(VersionRecords.ref("2027-01")));
                assertFalse(Files.exists(lab.versionFile("2027-01")));
                assertTrue(ReadOnlyMark.isMarked(lab.versionFile("2026-12")));
                assertFalse(machine.bcdedit.objects().has("{" + template.layout().slot(Slot.A).orElseThrow().entryId()
                        + "}"), "the pruned slot's entry is gone");
            }
        });
    }
}
