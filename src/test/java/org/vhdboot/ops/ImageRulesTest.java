package org.vhdboot.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;

import org.vhdboot.testing.Pipes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules around versions: layouts of earlier vhdboot versions keep working (status and image list change nothing;
 * the first change migrates), each command refuses what it must with the documented kind, a layer to add is hostile
 * input (wrong parent, wrong kind, a hash that disagrees, a bad hash file, a taken name), prune deletes only what nothing
 * references and asks first, flatten writes one image reading as the version, and image list says who uses what.
 */
class ImageRulesTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private ModelLayout master;
    private ModelLayout lab;

    @BeforeEach
    void setUp() throws Exception {
        master = ModelLayout.create(dir.resolve("master"), "vhdx", 51, world.context(), o -> o.bootStore("none"));
        master.writeActive(52);
        commit(master, "2026-12");
        master.put("version:2026-12", master.model("slot:a").copy());
        lab = ModelLayout.copyParent(master, dir.resolve("lab"), world.context(),
                o -> o.bootStore("script").bootFolder("C:\\VHD"));
    }

    private ImageCommitOperation.Result commit(ModelLayout layout, String version) throws Exception {
        return new ImageCommitOperation(world.context()).run(layout.layout(), new ImageCommitOperation.Options(version,
                Optional.empty(), false, TransferProgress.NONE));
    }

    private ImageAddOperation.Result add(Path file, String version) throws Exception {
        return new ImageAddOperation(world.context()).run(lab.layout(), new ImageAddOperation.Options(file,
                Optional.ofNullable(version), false, TransferProgress.NONE));
    }

    /** The lab switches to 2026-12 (--yes), and confirms the switch where {@code confirmed}. */
    private void switchLab(boolean confirmed) throws Exception {
        new ImageSwitchOperation(world.context()).run(lab.layout(), new ImageSwitchOperation.Options("2026-12",
                Optional.empty(), false, true, false));
        if (confirmed) {
            new ImageConfirmOperation(world.context()).run(lab.layout(), new ImageConfirmOperation.Options(false));
        }
    }

    private OperationException refused(OperationException.Kind kind, ThrowingRunnable action) {
        OperationException e = assertThrows(OperationException.class, action::run);
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** The lab's ini as a vhdboot of version 1 wrote it: no tree, no slots. */
    private void writeVersionOneIni() throws Exception {
        Path ini = lab.folder.resolve(Layout.INI_NAME);
        String text = Files.readString(ini).replace("version = 2", "version = 1");
        text = Pattern.compile("(?m)^(base|version|max_depth) = .*\\R").matcher(text).replaceAll("");
        text = Pattern.compile("(?s)\\R\\[version\\.base\\].*?(?=\\R\\[|$)").matcher(text).replaceAll("");
        text = Pattern.compile("(?s)\\R\\[active\\].*?(?=\\R\\[|$)").matcher(text).replaceAll("");
        Files.writeString(ini, text);
        assertFalse(text.contains("[active]") || text.contains("[version."), text);
    }

    @Test
    void anOldLayoutKeepsWorkingStatusAndListChangeNothingAndTheFirstChangeMigratesIt() throws Exception {
        writeVersionOneIni();
        FolderSnapshot before = FolderSnapshot.of(lab.folder);
        StatusOperation.Report status = world.status(lab.folder);
        assertTrue(status.healthy(), status.problems().toString());
        assertEquals(Slot.A, status.activeSlot());
        ImageListOperation.Report list = new ImageListOperation(world.context()).run(lab.layout());
        assertEquals(List.of("base"), list.versions().stream().map(ImageListOperation.VersionView::name).toList());
        assertEquals(List.of("slot a (current)", "recovery"), list.versions().get(0).usedBy());
        assertEquals(List.of(), before.changesTo(FolderSnapshot.of(lab.folder)), "read-only commands change nothing");

        add(master.versionFile("2026-12"), null);
        String ini = Files.readString(lab.folder.resolve(Layout.INI_NAME));
        assertTrue(ini.contains("version = 2") && ini.contains("[version.2026-12]") && ini.contains("[active]"), ini);
        world.reset(lab.folder, Role.CURRENT);
        lab.assertReads(Role.CURRENT, "version:base");
    }

    @Test
    void aCommitIsRefusedWhileCurrentRunsOrIsInUseAndForATakenName() throws Exception {
        world.platform.runningRole = "current";
        assertTrue(refused(OperationException.Kind.PRECONDITION, () -> commit(lab, "x")).getMessage()
                .startsWith("commit refused: running from Current"));
        world.platform.runningRole = null;
        world.platform.inUse.add(lab.layout().childPath(Role.CURRENT));
        refused(OperationException.Kind.PRECONDITION, () -> commit(lab, "x"));
        world.platform.inUse.clear();
        refused(OperationException.Kind.USAGE, () -> commit(lab, "..\\x"));
        refused(OperationException.Kind.USAGE, () -> commit(lab, "COM1"));
        refused(OperationException.Kind.PRECONDITION, () -> commit(lab, "base"));
        Files.writeString(lab.folder.resolve("Gold-v-in-the-way.vhdx"), "not ours");
        assertTrue(refused(OperationException.Kind.PRECONDITION, () -> commit(lab, "in-the-way")).getMessage()
                .contains("exists but the layout does not record it"));
        assertFalse(Files.exists(lab.folder.resolve(ImageJournal.FILE_NAME)));
    }

    @Test
    void aLayerToAddIsCheckedAsHostileInput() throws Exception {
        Path layer = master.versionFile("2026-12");
        // Made on another parent: its link names none of the lab's versions.
        Path stranger = dir.resolve("stranger.vhdx");
        new DiskImages().create(dir.resolve("other.vhdx"), org.vhdboot.disk.ImageSpec.dynamic(ModelLayout.SIZE));
        new DiskImages().createChild(stranger, dir.resolve("other.vhdx"));
        assertTrue(assertThrows(ParentLinkException.class, () -> add(stranger, "x")).getMessage()
                .contains("stands on none of this layout's versions"));
        // A whole image is a layout of its own.
        refused(OperationException.Kind.PRECONDITION, () -> add(dir.resolve("other.vhdx"), "x"));
        // A hash file that disagrees: nothing is left behind.
        Path stick = Files.createDirectories(dir.resolve("stick"));
        Path copy = Files.copy(layer, stick.resolve("update.vhdx"));
        Files.writeString(stick.resolve("update.vhdx.sha256"), "0".repeat(64) + "  update.vhdx\n");
        FolderSnapshot before = FolderSnapshot.of(lab.folder);
        assertTrue(assertThrows(InvalidImageException.class, () -> add(copy, "2026-12")).getMessage()
                .contains("does not match update.vhdx.sha256"));
        assertTrue(world.reporter.infos.contains("rolled back image add 2026-12: nothing was added"),
                world.reporter.infos.toString());
        List<String> changes = before.changesTo(FolderSnapshot.of(lab.folder));
        assertTrue(changes.stream().allMatch(c -> c.contains(OperationLog.FILE_NAME) || c.contains(LayoutLock.FILE_NAME)),
                changes.toString());
        Files.writeString(stick.resolve("update.vhdx.sha256"), "not a hash\n");
        refused(OperationException.Kind.PRECONDITION, () -> add(copy, "2026-12"));
        Files.writeString(stick.resolve("update.vhdx.sha256"), FileDigests.sha256(copy).toUpperCase());
        assertTrue(add(copy, "2026-12").sha256Checked());
        // The name is taken now, and a second copy of the same layer is refused under it.
        refused(OperationException.Kind.PRECONDITION, () -> add(layer, "2026-12"));
        refused(OperationException.Kind.USAGE, () -> add(layer, "a/b"));
        assertEquals("2026-12", ImageAddOperation.nameFromFile(Path.of("Win11-v-2026-12.vhdx")));
        assertEquals("monthly", ImageAddOperation.nameFromFile(Path.of("monthly.vhdx")));
    }

    /** The same layer under a second name would give its children two parents by identity: refused, nothing written. */
    @Test
    void aLayerIsAddedOnceWhateverItsName() throws Exception {
        add(master.versionFile("2026-12"), null);
        FolderSnapshot before = FolderSnapshot.of(lab.folder).only(name -> !name.startsWith("vhdboot.lo"));
        OperationException again = refused(OperationException.Kind.PRECONDITION,
                () -> add(master.versionFile("2026-12"), "dec"));
        assertTrue(again.getMessage().contains("is version 2026-12 already"), again.getMessage());
        assertEquals(before, FolderSnapshot.of(lab.folder).only(name -> !name.startsWith("vhdboot.lo")));
    }

    @Test
    void aSwitchIsRefusedWhereItCannotWork() throws Exception {
        add(master.versionFile("2026-12"), null);
        ImageSwitchOperation operation = new ImageSwitchOperation(world.context());
        refused(OperationException.Kind.PRECONDITION, () -> operation.run(lab.layout(), new ImageSwitchOperation
                .Options("2027-01", Optional.empty(), false, true, false)));
        refused(OperationException.Kind.PRECONDITION, () -> operation.run(lab.layout(), new ImageSwitchOperation
                .Options("base", Optional.empty(), false, true, false)));
        refused(OperationException.Kind.USAGE, () -> operation.run(lab.layout(), new ImageSwitchOperation
                .Options("2026-12", Optional.of(java.time.Duration.ZERO), false, true, false)));
        // A script's one-time boot waits for an administrator: a restart now would land in the old slot.
        assertTrue(refused(OperationException.Kind.PRECONDITION, () -> operation.run(lab.layout(),
                new ImageSwitchOperation.Options("2026-12", Optional.empty(), true, true, false))).getMessage()
                .startsWith("--reboot restarts into the new slot once, and this layout has boot_store = script ("));
        assertEquals(Optional.empty(), lab.layout().lastSwitch());
        // A writable version may have been written behind vhdboot's back (a byte changed keeps its id): not booted.
        Path december = lab.versionFile("2026-12");
        ReadOnlyMark.unmark(december);
        assertEquals("switch refused: version 2026-12 (" + december.getFileName() + ") is writable, so it may have"
                + " changed since it was recorded; versions are never written: restore the file, or mark it read-only"
                + " once you know it is unchanged", refused(OperationException.Kind.PRECONDITION, () -> operation.run(
                lab.layout(), new ImageSwitchOperation.Options("2026-12", Optional.empty(), false, true, false)))
                .getMessage());
        ReadOnlyMark.mark(december);
        // Someone's file at slot b's name, which the layout does not record: refused, even with --yes, and kept.
        Path slotB = lab.folder.resolve(Slot.B.fileFor(lab.layout()));
        Files.writeString(slotB, "someone's file");
        for (boolean dryRun : new boolean[] {true, false}) {
            assertEquals(slotB.getFileName() + " is in the way: the layout does not record it as slot b; move it away"
                    + " and switch again", refused(OperationException.Kind.PRECONDITION, () -> operation.run(
                    lab.layout(), new ImageSwitchOperation.Options("2026-12", Optional.empty(), false, true, dryRun)))
                    .getMessage());
        }
        assertEquals("someone's file", Files.readString(slotB));
        Files.delete(slotB);
        // A child of the version that holds data is someone's too; an empty one is what an undone switch leaves.
        new DiskImages().createChild(slotB, december);
        try (Chain child = new DiskImages().open(slotB, true)) {
            child.write(0, ByteBuffer.wrap("someone's data".getBytes(StandardCharsets.UTF_8)));
        }
        String written = FileDigests.sha256(slotB);
        assertTrue(refused(OperationException.Kind.PRECONDITION, () -> operation.run(lab.layout(),
                new ImageSwitchOperation.Options("2026-12", Optional.empty(), false, true, false))).getMessage()
                .endsWith("is in the way: the layout does not record it as slot b; move it away and switch again"));
        assertEquals(written, FileDigests.sha256(slotB));
        Files.delete(slotB);
        new DiskImages().createChild(slotB, december);
        ImageSwitchOperation.Result planned = operation.run(lab.layout(), new ImageSwitchOperation.Options("2026-12",
                Optional.empty(), false, true, true));
        assertTrue(planned.commands().stream().anyMatch(c -> c.contains("/bootsequence")), planned.commands().toString());
        assertEquals(Optional.empty(), lab.layout().lastSwitch(), "a dry run changes nothing");
        operation.run(lab.layout(), new ImageSwitchOperation.Options("2026-12", Optional.empty(), false, true, false));
        assertTrue(refused(OperationException.Kind.PRECONDITION, () -> operation.run(lab.layout(),
                new ImageSwitchOperation.Options("base", Optional.empty(), false, true, false))).getMessage()
                .contains("is pending"));
        world.platform.runningRole = "current";
        assertTrue(refused(OperationException.Kind.PRECONDITION, () -> new ImageConfirmOperation(world.context())
                .run(lab.layout(), new ImageConfirmOperation.Options(false))).getMessage()
                .startsWith("confirm refused: running from slot a"));
        // The old slot starts: a script's one-time boot cannot be read back, so it is taken as consumed and the switch
        // as not confirmed; left pending, it would hold the nightly reset back for good.
        AgentOperation.TickResult atBoot = new AgentOperation(world.context()).tick(Optional.of(lab.folder), true);
        assertEquals(AgentOperation.Action.SWITCH_NOT_CONFIRMED, atBoot.action(), atBoot.toString());
        assertFalse(lab.layout().lastSwitch().orElseThrow().pending());
        world.platform.runningRole = null;
        Files.writeString(lab.folder.resolve(Layout.INI_NAME), Files.readString(lab.folder.resolve(Layout.INI_NAME))
                .replace("boot_store = script", "boot_store = none").replace("state = pending", "state = failed"));
        assertTrue(refused(OperationException.Kind.PRECONDITION, () -> operation.run(lab.layout(),
                new ImageSwitchOperation.Options("2026-12", Optional.empty(), false, true, false))).getMessage()
                .contains("boot_store = none"));
    }

    /**
     * An earlier vhdboot let a version be named y.vhdboot-tmp: its layout still loads, and version y, which would be
     * made in that version's file, is refused instead of writing over it.
     */
    @Test
    void aVersionNamedLikeAWorkingFileByAnEarlierVhdbootKeepsWorkingAndIsNeverWrittenOver() throws Exception {
        add(master.versionFile("2026-12"), "yy");
        Path recorded = lab.versionFile("yy");
        Path renamed = recorded.resolveSibling(recorded.getFileName().toString().replace("yy", "y.vhdboot-tmp"));
        Files.move(recorded, renamed);
        Path ini = lab.folder.resolve(Layout.INI_NAME);
        Files.writeString(ini, Files.readString(ini).replace("yy", "y.vhdboot-tmp"));
        String before = FileDigests.sha256(renamed);
        assertTrue(world.status(lab.folder).healthy(), world.status(lab.folder).problems().toString());

        lab.writeActive(71);
        assertEquals("version y is made in " + renamed.getFileName() + ", which is version:y.vhdboot-tmp's file; pick"
                + " another version name", refused(OperationException.Kind.PRECONDITION, () -> commit(lab, "y"))
                .getMessage());
        assertEquals(before, FileDigests.sha256(renamed));
        refused(OperationException.Kind.USAGE, () -> commit(lab, "z.vhdboot-tmp"));
        commit(lab, "y2");
        assertTrue(world.status(lab.folder).healthy(), world.status(lab.folder).problems().toString());
    }

    /** A prune that keeps a slot's file (a pipe there) still says what it pruned: the slot's record went. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
    void aPruneThatKeepsTheSlotsFileSaysWhatItPruned() throws Exception {
        add(master.versionFile("2026-12"), null);
        switchLab(true);
        Path slotA = lab.slotFile(Slot.A);
        Pipes.putAt(slotA);
        assertTrue(world.status(lab.folder).warnings().contains("slot a (" + slotA.getFileName() + ") is broken: not a"
                + " file (a folder, a pipe or a device); move it away: vhdboot neither replaces nor deletes it"));
        CommandRun prune = CommandRun.with(world.services(), "image", "prune", "--yes",
                "--layout", lab.folder.toString());
        assertEquals(0, prune.exitCode(), prune.toString());
        assertEquals("pruned slot a; no file deleted", prune.out().strip());
        assertTrue(lab.layout().slot(Slot.A).isEmpty());
        assertFalse(Files.isRegularFile(slotA), "the pipe is kept");
    }

    /** A pipe where Recovery should be is not replaced by a confirm, as a reset refuses it; nothing is changed. */
    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "mkfifo")
    void aConfirmRefusesAPipeInPlaceOfRecovery() throws Exception {
        add(master.versionFile("2026-12"), null);
        switchLab(false);
        Path recovery = lab.layout().childPath(Role.RECOVERY);
        Pipes.putAt(recovery);
        assertEquals(recovery.getFileName() + " is not a file (a folder, a pipe or a device), which vhdboot does not"
                + " replace; move it away and run the command again", refused(OperationException.Kind.PRECONDITION,
                () -> new ImageConfirmOperation(world.context()).run(lab.layout(), new ImageConfirmOperation.Options(
                        false))).getMessage());
        assertFalse(Files.isRegularFile(recovery));
        assertTrue(lab.layout().lastSwitch().orElseThrow().pending(), "the switch is still pending");
        // Refused before its journal: nothing is left for every later command to retry (the nightly reset included).
        assertFalse(Files.exists(lab.folder.resolve(OperationJournal.FILE_NAME)));
    }

    /** Recovery stood on the version the switch goes to (the base, after a commit): the confirm keeps it, as planned. */
    @Test
    void aConfirmKeepsARecoveryOnTheVersionAlreadyAndItsPlanSaysSo() throws Exception {
        ModelLayout machine = ModelLayout.create(dir.resolve("machine"), "vhdx", 61, world.context(),
                o -> o.bootStore("script").bootFolder("C:\\VHD"));
        machine.writeActive(62);
        commit(machine, "v1");
        Path recovery = machine.layout().childPath(Role.RECOVERY);
        machine.write(recovery, "recovery", 63);
        String before = FileDigests.sha256(recovery);
        new ImageSwitchOperation(world.context()).run(machine.layout(), new ImageSwitchOperation.Options("base",
                Optional.empty(), false, true, false));
        String kept = "keep " + recovery.getFileName() + ", which stands on " + machine.layout().pathOf(
                ImageRef.BASE_VERSION).getFileName() + " already";
        ImageConfirmOperation confirm = new ImageConfirmOperation(world.context());
        assertTrue(confirm.run(machine.layout(), new ImageConfirmOperation.Options(true)).plan().contains(kept));
        assertTrue(confirm.run(machine.layout(), new ImageConfirmOperation.Options(false)).plan().contains(kept));
        assertEquals(before, FileDigests.sha256(recovery));
        machine.assertReads(Role.RECOVERY, "recovery");
    }

    @Test
    void pruneDeletesWhatNothingReferencesAfterAskingAndKeepsWhatASnapshotUses() throws Exception {
        add(master.versionFile("2026-12"), null);
        lab.writeActive(53);
        commit(lab, "local");
        ImageVersionsTest.snapshot(lab, "keep-me");
        world.reset(lab.folder, Role.CURRENT);
        switchLab(true);

        ImagePruneOperation prune = new ImagePruneOperation(world.context());
        ImagePruneOperation.Result planned = prune.run(lab.layout(), new ImagePruneOperation.Options(false, true));
        assertEquals(Optional.of(Slot.A), planned.slot());
        assertEquals(List.of(), planned.versions(), "local stays: snapshot keep-me stands on it");
        String slotA = lab.slotFile(Slot.A).getFileName().toString();
        assertEquals(List.of("write vhdboot.journal (image prune in progress)", "delete slot a's boot entry and its"
                + " record", "delete " + slotA + " (" + String.format(java.util.Locale.ROOT, "%.1f MiB",
                Files.size(lab.slotFile(Slot.A)) / (double) (1 << 20)) + ")",
                "remove vhdboot.journal"), planned.plan());
        assertTrue(Files.exists(lab.slotFile(Slot.A)));
        refused(OperationException.Kind.DECLINED, () -> prune.run(lab.layout(), new ImagePruneOperation.Options(false,
                false)));
        assertTrue(Files.exists(lab.slotFile(Slot.A)), "declined: nothing deleted");
        assertTrue(world.reporter.infos.stream().anyMatch(i -> i.startsWith("would delete ")), "asked with the list");
        world.reporter.infos.clear();
        ImagePruneOperation.Result pruned = prune.run(lab.layout(), new ImagePruneOperation.Options(true, false));
        assertTrue(world.reporter.infos.stream().noneMatch(i -> i.startsWith("would delete ")),
                "--yes deletes: no 'would' about it " + world.reporter.infos);
        assertEquals(List.of(lab.slotFile(Slot.A).getFileName().toString()), pruned.files());
        assertEquals(List.of(), pruned.plan(), "a real run's plan is empty, as for the other commands");
        assertEquals(1, pruned.commands().size(), "the pruned slot's boot entry is deleted: " + pruned.commands());
        assertEquals(pruned.commands(), planned.commands(), "the dry run showed the command the prune ran");
        assertFalse(Files.exists(lab.slotFile(Slot.A)));
        assertTrue(Files.exists(lab.versionFile("local")));
        assertTrue(world.status(lab.folder).healthy(), world.status(lab.folder).problems().toString());
        assertEquals(List.of(), prune.run(lab.layout(), new ImagePruneOperation.Options(true, false)).files());
    }

    /**
     * A prune killed after its journal, finished later from the slot it was deleting (started from its "(previous)"
     * entry): the slot is kept, as the prune itself keeps a running slot, where finishing it removed the running
     * system's record and then failed on its disk at every command.
     */
    @Test
    void anInterruptedPruneFinishedFromTheSlotItWasDeletingKeepsIt() throws Exception {
        add(master.versionFile("2026-12"), null);
        switchLab(true);
        new ImageJournal(ImageJournal.Operation.PRUNE, List.of(), Optional.empty(), Optional.of(Slot.A),
                Optional.empty(), false, "", java.time.Instant.parse("2026-12-04T02:00:00Z"))
                .write(lab.layout(), new org.vhdboot.layout.FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        String slotA = FileDigests.sha256(lab.slotFile(Slot.A));

        world.platform.runningRole = Slot.A.runningKey();
        new FinishOperation(world.context()).run(lab.layout());
        assertTrue(world.reporter.warnings.contains("kept slot a: it is running or in use"),
                world.reporter.warnings.toString());
        assertTrue(lab.layout().slot(Slot.A).isPresent(), "its record is kept");
        assertEquals(slotA, FileDigests.sha256(lab.slotFile(Slot.A)));
        assertFalse(Files.exists(lab.folder.resolve(OperationJournal.FILE_NAME)), "the prune is finished");
    }

    /** A snapshot the inactive slot stands on is not merged into that slot: the refusal names the slot and the ways. */
    @Test
    void aSnapshotTheInactiveSlotStandsOnIsNotDeletedFromTheActiveOne() throws Exception {
        add(master.versionFile("2026-12"), null);
        switchLab(true);
        world.snapshot(lab.folder, "on-b");
        new ImageRollbackOperation(world.context()).run(lab.layout(), new ImageRollbackOperation.Options(true, false));
        FolderSnapshot before = FolderSnapshot.of(lab.folder).only(name -> !name.startsWith("vhdboot.lo"));
        // snapshot list shows why: the inactive slot, right after the snapshot it stands on.
        List<SnapshotListOperation.Entry> tree = world.snapshots(lab.folder).images();
        int onB = tree.indexOf(tree.stream().filter(e -> e.name().equals("on-b")).findFirst().orElseThrow());
        SnapshotListOperation.Entry slotB = tree.get(onB + 1);
        assertEquals(List.of("slot b", "inactive_slot", lab.slotFile(Slot.B).getFileName().toString(), "snapshot:on-b"),
                List.of(slotB.name(), slotB.kind(), slotB.file(), slotB.parent()));
        assertEquals(tree.get(onB).depth() + 1, slotB.depth());

        OperationException refused = refused(OperationException.Kind.PRECONDITION, () -> world.deleteSnapshot(
                lab.folder, "on-b"));
        assertEquals("snapshot delete refused: slot b (" + lab.slotFile(Slot.B).getFileName() + "), the slot that is"
                + " not active, stands on on-b; delete the snapshot from that slot once it is active again, or let"
                + " `vhdboot image prune` delete that slot first", refused.getMessage());
        assertEquals(before, FolderSnapshot.of(lab.folder).only(name -> !name.startsWith("vhdboot.lo")));

        // A journal of such a delete (an older vhdboot's) is refused before anything is merged or deleted.
        new SnapshotDeleteJournal("on-b", lab.layout().tree().get(ImageRef.snapshot("on-b")).parent().orElseThrow(),
                List.of(), List.of(),
                java.time.Instant.parse("2026-12-04T02:00:00Z"))
                .write(lab.folder, new org.vhdboot.layout.FileSteps(org.vhdboot.disk.io.IoStepHook.NONE));
        FolderSnapshot journalled = FolderSnapshot.of(lab.folder).only(name -> !name.startsWith("vhdboot.lo"));
        org.vhdboot.layout.LayoutException resumed = assertThrows(org.vhdboot.layout.LayoutException.class,
                () -> new FinishOperation(world.context()).run(lab.layout()));
        assertTrue(resumed.getMessage().contains("which slot b, the slot that is not active, stands on"),
                resumed.getMessage());
        assertEquals(journalled, FolderSnapshot.of(lab.folder).only(name -> !name.startsWith("vhdboot.lo")));
    }

    @Test
    void flattenWritesOneImageReadingAsTheVersion() throws Exception {
        add(master.versionFile("2026-12"), null);
        lab.put("version:2026-12", master.model("version:2026-12").copy());
        Path flat = dir.resolve("site/Fresh.vhdx");
        ImageFlattenOperation flatten = new ImageFlattenOperation(world.context());
        refused(OperationException.Kind.PRECONDITION, () -> flatten.run(lab.layout(), new ImageFlattenOperation.Options(
                "2026-12", flat, org.vhdboot.disk.ProgressListener.NONE, false)));
        Files.createDirectories(flat.getParent());
        ImageFlattenOperation.Result result = flatten.run(lab.layout(), new ImageFlattenOperation.Options("2026-12",
                flat, org.vhdboot.disk.ProgressListener.NONE, false));
        assertEquals(1, result.depth());
        lab.assertReads(flat, "version:2026-12");
        try (var chain = new DiskImages().open(flat, false)) {
            assertEquals(0, chain.depth(), "standalone");
        }
        refused(OperationException.Kind.PRECONDITION, () -> flatten.run(lab.layout(), new ImageFlattenOperation.Options(
                "2026-12", flat, org.vhdboot.disk.ProgressListener.NONE, false)));
        refused(OperationException.Kind.USAGE, () -> flatten.run(lab.layout(), new ImageFlattenOperation.Options(
                "2026-12", dir.resolve("x.raw"), org.vhdboot.disk.ProgressListener.NONE, false)));
    }

    @Test
    void imageListShowsTheChainWhoUsesWhatAndWhereTheRecordsAndFilesDisagree() throws Exception {
        add(master.versionFile("2026-12"), null);
        switchLab(false);
        ImageListOperation.Report report = new ImageListOperation(world.context()).run(lab.layout());
        assertEquals(List.of("base", "2026-12"), report.versions().stream().map(ImageListOperation.VersionView::name)
                .toList());
        ImageListOperation.VersionView december = report.versions().get(1);
        assertEquals(List.of("slot b", "pending switch"), december.usedBy());
        assertEquals("linked", december.link());
        assertTrue(december.readOnly());
        // What the version's own allocation table holds, in whole blocks (Layer.storedBytes).
        try (var layer = new DiskImages().openLayer(lab.versionFile("2026-12"), false,
                org.vhdboot.disk.Durability.SAFE)) {
            assertEquals(layer.storedBytes(), december.storedBytes());
        }
        assertTrue(december.storedBytes() > 0 && december.storedBytes() <= ModelLayout.SIZE);
        assertEquals("pending", report.lastSwitch().state());
        assertTrue(report.problems().isEmpty(), report.problems().toString());

        // A version written behind vhdboot's back: the record and the file disagree.
        Path file = lab.versionFile("2026-12");
        file.toFile().setWritable(true);
        try (var chain = new DiskImages().allowingParentWrites().open(file, true)) {
            chain.write(0, java.nio.ByteBuffer.wrap(new byte[512]));
        }
        ImageListOperation.Report after = new ImageListOperation(world.context()).run(lab.layout());
        assertTrue(after.problems().stream().anyMatch(p -> p.contains("was modified after it was recorded")),
                after.problems().toString());
    }

    /** status, the lab's health check, lists the versions and reports what image list reports of them. */
    @Test
    void statusReportsAVersionThatIsMissingOrWritable() throws Exception {
        Path file = master.versionFile("2026-12");
        StatusOperation.Report healthy = world.status(master.folder);
        assertEquals(List.of(), healthy.problems());
        assertTrue(healthy.files().stream().anyMatch(f -> f.role().equals("version")
                && f.file().equals(file.getFileName().toString()) && f.readOnly()), healthy.files().toString());

        ReadOnlyMark.unmark(file);
        assertEquals(List.of("version 2026-12 (" + file.getFileName() + ") is writable; versions are never written"
                + " (`vhdboot init` marks the base; mark it read-only)"), world.status(master.folder).problems());

        Files.move(file, dir.resolve("moved-away.vhdx"));
        StatusOperation.Report missing = world.status(master.folder);
        assertTrue(missing.problems().contains("version 2026-12: " + file.getFileName() + " is missing"),
                missing.problems().toString());
        assertTrue(missing.files().stream().anyMatch(f -> f.role().equals("version") && !f.exists()),
                missing.files().toString());
    }
}
