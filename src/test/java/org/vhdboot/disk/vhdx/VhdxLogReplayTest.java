package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.LogEntryBuilder;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.disk.testing.TempFolder;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.VhdxLogWriter;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dirty VHDX logs built by hand from [MS-VHDX] 2.3 (not with the engine's parser): which sequence is
 * replayed, and how writable, read-only and refusing opens and {@code check --repair} deal with them.
 */
class VhdxLogReplayTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 16 * MIB;
    private static final int PHYSICAL_SECTOR_BEFORE = 4096;
    private static final int PHYSICAL_SECTOR_AFTER = 512;

    @TempDir
    Path dir;

    private final UUID logGuid = UUID.randomUUID();
    private final DiskImages images = new DiskImages();
    private Path image;
    private DiskModel model;
    private VhdxFileEditor editor;
    private VhdxLogWriter log;
    private long fileEnd;

    @BeforeEach
    void createImageWithData() throws Exception {
        ChainFiles files = new ChainFiles(images, dir, "vhdx");
        image = files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(MIB));
        // Blocks 0-2 and 8-15 get data; blocks 3-7 stay unallocated for the log to allocate.
        files.write(WritePlan.wholePages(1, 3 * MIB, 10));
        files.write(List.of(org.vhdboot.disk.testing.DiskWrite.pattern(8 * MIB, (int) (8 * MIB), 2)));
        model = files.model();
        editor = new VhdxFileEditor(image);
        log = new VhdxLogWriter(image);
        fileEnd = Files.size(image);
        assertEquals(0, fileEnd % MIB);
    }

    /** The 4 KiB of the BAT that hold payload block {@code block}'s entry, with that entry replaced. */
    private long batSectorOffset(int block) throws Exception {
        return (editor.batOffset() + 8L * block) / 4096 * 4096;
    }

    private byte[] batSectorWith(int block, long entry) throws Exception {
        long sector = batSectorOffset(block);
        byte[] bytes = FileBytes.read(image, sector, 4096);
        VhdxFileEditor.le(bytes).putLong((int) (editor.batOffset() + 8L * block - sector), entry);
        return bytes;
    }

    private long physicalSectorItemSector() throws Exception {
        return editor.metadataItemOffset(VhdxFileEditor.PHYSICAL_SECTOR_SIZE_ITEM) / 4096 * 4096;
    }

    private byte[] metadataSectorWithPhysicalSectorSize(int bytes) throws Exception {
        long item = editor.metadataItemOffset(VhdxFileEditor.PHYSICAL_SECTOR_SIZE_ITEM);
        long sector = physicalSectorItemSector();
        byte[] data = FileBytes.read(image, sector, 4096);
        VhdxFileEditor.le(data).putInt((int) (item - sector), bytes);
        return data;
    }

    /**
     * An entry that allocates payload block {@code block} at {@code fileOffset} (past the end of the file):
     * the BAT entry, the block's first 4 KiB of {@code data}, and zeros for the rest.
     */
    private LogEntryBuilder allocating(long sequence, int tail, int block, long fileOffset, byte[] data)
            throws Exception {
        return new LogEntryBuilder(logGuid, sequence).tail(tail).fileOffsets(fileEnd, fileOffset + MIB)
                .data(batSectorOffset(block), batSectorWith(block, VhdxFileEditor.batEntry(6, fileOffset)))
                .data(fileOffset, data)
                .zero(fileOffset + 4096, MIB - 4096);
    }

    private LogEntryBuilder changingPhysicalSectorSize(long sequence, int tail) throws Exception {
        return new LogEntryBuilder(logGuid, sequence).tail(tail).fileOffsets(fileEnd, fileEnd)
                .data(physicalSectorItemSector(), metadataSectorWithPhysicalSectorSize(PHYSICAL_SECTOR_AFTER));
    }

    /** Two entries: block 3 allocated with a page of data, then a metadata item rewritten. */
    private byte[] writeValidSequence() throws Exception {
        byte[] page = PatternBytes.of(77, 4096);
        byte[] first = allocating(100, 0, 3, fileEnd, page).build();
        log.put(0, first);
        log.put(first.length, changingPhysicalSectorSize(101, 0).build());
        log.activate(logGuid);
        return page;
    }

    private DiskModel replayedModel(byte[] page) {
        DiskModel replayed = model.copy();
        replayed.write(3 * MIB, page);
        return replayed;
    }

    private int physicalSectorSize(Layer layer) {
        return ((VhdxImage) layer).physicalSectorSize();
    }

    private void assertCleanWithContent(DiskModel expected, int physicalSectorSize) throws Exception {
        assertEquals(new UUID(0, 0), editor.logGuid(), "LogGuid is zero after a replay");
        try (Chain chain = images.refusingDirtyReadOnlyLogs().open(image, false)) {
            assertEquals("empty", chain.top().info().details().get("log"));
            assertEquals(List.of(), chain.top().check());
            assertEquals(physicalSectorSize, physicalSectorSize(chain.top()));
            assertArrayEquals(expected.bytes(), DiskReads.read(chain, 0, (int) SIZE));
        }
    }

    /** A writable open replays the log into the file (block 3 gets {@code page}) and empties it. */
    private void assertAWritableOpenReplays(byte[] page) throws Exception {
        try (Layer layer = images.openLayer(image, true, Durability.SAFE)) {
            assertEquals(PHYSICAL_SECTOR_AFTER, physicalSectorSize(layer));
        }
        assertCleanWithContent(replayedModel(page), PHYSICAL_SECTOR_AFTER);
    }

    @Test
    void aWritableOpenReplaysTheLogIntoTheFileAndEmptiesIt() throws Exception {
        byte[] page = writeValidSequence();
        assertAWritableOpenReplays(page);
        assertTrue(Files.size(image) >= fileEnd + MIB, "the file reaches the head entry's LastFileOffset");
    }

    @Test
    void aReadOnlyOpenReplaysInMemoryWithoutChangingAByte() throws Exception {
        byte[] page = writeValidSequence();
        FileDigests before = FileDigests.of(image);
        try (Chain chain = images.open(image, false)) {
            assertEquals(PHYSICAL_SECTOR_AFTER, physicalSectorSize(chain.top()));
            assertArrayEquals(replayedModel(page).bytes(), DiskReads.read(chain, 0, (int) SIZE));
            assertTrue(String.valueOf(chain.top().info().details().get("log")).startsWith("replayed in memory"));
            assertTrue(chain.top().check().stream().anyMatch(p -> p.contains("the log is not empty")),
                    chain.top().check().toString());
        }
        before.assertUnchanged();
    }

    @Test
    void theRefusingModeNamesTheRepairCommand() throws Exception {
        writeValidSequence();
        FileDigests before = FileDigests.of(image);
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> images.refusingDirtyReadOnlyLogs().open(image, false));
        assertTrue(e.getMessage().contains("vhdboot vhd check --repair " + image), e.getMessage());
        before.assertUnchanged();
    }

    @Test
    void theRefusingModeStillLetsAWritableChainOpenReplayInTheFile() throws Exception {
        byte[] page = writeValidSequence();
        try (Chain chain = images.refusingDirtyReadOnlyLogs().open(image, true)) {
            assertEquals(PHYSICAL_SECTOR_AFTER, physicalSectorSize(chain.top()));
        }
        assertCleanWithContent(replayedModel(page), PHYSICAL_SECTOR_AFTER);
    }

    @Test
    void checkRepairReplaysTheLog() throws Exception {
        byte[] page = writeValidSequence();
        CommandRun repair = CommandRun.of("vhd", "check", "--repair", image.toString());
        assertEquals(0, repair.exitCode(), repair.toString());
        assertCleanWithContent(replayedModel(page), PHYSICAL_SECTOR_AFTER);
    }

    @Test
    void infoAndCheckWithoutRepairLeaveADirtyLogAlone() throws Exception {
        writeValidSequence();
        FileDigests before = FileDigests.of(image);
        CommandRun info = CommandRun.of("vhd", "info", image.toString());
        assertEquals(0, info.exitCode(), info.toString());
        assertTrue(info.out().contains("replayed in memory"), info.out());
        CommandRun check = CommandRun.of("vhd", "check", image.toString());
        assertEquals(1, check.exitCode(), check.toString());
        assertTrue(check.out().contains("vhdboot vhd check --repair"), check.out());
        before.assertUnchanged();
    }

    @Test
    void aTornEntryAtTheEndIsIgnoredAndTheSequenceBeforeItReplayed() throws Exception {
        byte[] page = PatternBytes.of(78, 4096);
        byte[] first = allocating(200, 0, 3, fileEnd, page).build();
        byte[] second = changingPhysicalSectorSize(201, 0).build();
        byte[] torn = allocating(202, 0, 4, fileEnd + MIB, PatternBytes.of(79, 4096)).build();
        torn[torn.length - 100] ^= 1;
        log.put(0, first);
        log.put(first.length, second);
        log.put(first.length + second.length, torn);
        log.activate(logGuid);
        assertAWritableOpenReplays(page);
    }

    @Test
    void replayStartsAtTheTailTheHeadPointsTo() throws Exception {
        byte[] applied = allocating(300, 0, 3, fileEnd, PatternBytes.of(80, 4096)).build();
        // Already applied before the crash: the head's tail points past it, so replaying it would be wrong.
        LogEntryBuilder rewrite = new LogEntryBuilder(logGuid, 301).tail(applied.length)
                .fileOffsets(fileEnd, fileEnd).data(0, FileBytes.read(image, 0, 4096));
        byte[] second = rewrite.build();
        byte[] head = changingPhysicalSectorSize(302, applied.length).build();
        log.put(0, applied);
        log.put(applied.length, second);
        log.put(applied.length + second.length, head);
        log.activate(logGuid);

        try (Chain chain = images.open(image, false)) {
            assertEquals(PHYSICAL_SECTOR_AFTER, physicalSectorSize(chain.top()));
            assertArrayEquals(model.bytes(), DiskReads.read(chain, 0, (int) SIZE),
                    "block 3 stays unallocated: the entry that allocates it is not in the active sequence");
        }
    }

    @Test
    void entriesOfAnotherLogAreIgnoredAndWithoutAValidSequenceTheOpenFails() throws Exception {
        UUID stranger = UUID.randomUUID();
        byte[] entry = new LogEntryBuilder(stranger, 400).tail(0).fileOffsets(fileEnd, fileEnd)
                .data(physicalSectorItemSector(), metadataSectorWithPhysicalSectorSize(PHYSICAL_SECTOR_AFTER)).build();
        log.put(0, entry);
        log.activate(logGuid);
        FileDigests before = FileDigests.of(image);
        for (boolean writable : new boolean[] {false, true}) {
            InvalidImageException e = assertThrows(InvalidImageException.class, () -> images.open(image, writable));
            assertTrue(e.getMessage().contains("holds no valid sequence"), e.getMessage());
        }
        before.assertUnchanged();
    }

    @Test
    void aNewerEntryOfAnotherLogDoesNotJoinTheSequence() throws Exception {
        byte[] page = PatternBytes.of(81, 4096);
        byte[] first = allocating(500, 0, 3, fileEnd, page).build();
        byte[] foreign = new LogEntryBuilder(UUID.randomUUID(), 501).tail(0).fileOffsets(fileEnd, fileEnd)
                .data(physicalSectorItemSector(), metadataSectorWithPhysicalSectorSize(PHYSICAL_SECTOR_AFTER)).build();
        log.put(0, first);
        log.put(first.length, foreign);
        log.activate(logGuid);
        try (Chain chain = images.open(image, false)) {
            assertEquals(PHYSICAL_SECTOR_BEFORE, physicalSectorSize(chain.top()));
            assertArrayEquals(replayedModel(page).bytes(), DiskReads.read(chain, 0, (int) SIZE));
        }
    }

    @Test
    void aSequenceMayWrapAroundTheEndOfTheCircularLog() throws Exception {
        byte[] page = PatternBytes.of(82, 4096);
        byte[] first = allocating(600, 0, 3, fileEnd, page).build();
        int firstAt = log.logLength() - first.length;
        first = allocating(600, firstAt, 3, fileEnd, page).build();
        log.put(firstAt, first);
        log.put(0, changingPhysicalSectorSize(601, firstAt).build());
        log.activate(logGuid);
        assertAWritableOpenReplays(page);
    }

    @Test
    void anEntryMayItselfWrapAroundTheEndOfTheLog() throws Exception {
        byte[] page = PatternBytes.of(83, 4096);
        int at = log.logLength() - 4096;
        byte[] entry = allocating(700, at, 3, fileEnd, page).build();
        assertTrue(entry.length > 4096, "the entry continues at the start of the log");
        log.put(at, entry);
        log.activate(logGuid);
        try (Chain chain = images.open(image, false)) {
            assertArrayEquals(replayedModel(page).bytes(), DiskReads.read(chain, 0, (int) SIZE));
        }
    }

    @Test
    void aFlushedFileOffsetBeyondTheEndOfTheFileMeansTruncation() throws Exception {
        byte[] entry = new LogEntryBuilder(logGuid, 800).tail(0).fileOffsets(fileEnd + 2 * MIB, fileEnd + 2 * MIB)
                .data(physicalSectorItemSector(), metadataSectorWithPhysicalSectorSize(PHYSICAL_SECTOR_AFTER)).build();
        log.put(0, entry);
        log.activate(logGuid);
        FileDigests before = FileDigests.of(image);
        for (boolean writable : new boolean[] {false, true}) {
            InvalidImageException e = assertThrows(InvalidImageException.class, () -> images.open(image, writable));
            assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
        }
        CommandRun repair = CommandRun.of("vhd", "check", "--repair", image.toString());
        assertEquals(3, repair.exitCode(), repair.toString());
        before.assertUnchanged();
    }

    @Test
    void aChildReadsThroughAParentWithADirtyLogAndStillLinksAfterTheRepair() throws Exception {
        Path child = dir.resolve("child.vhdx");
        images.createChild(child, image);
        byte[] page = writeValidSequence();
        FileDigests parent = FileDigests.of(image);
        assertArrayEquals(replayedModel(page).bytes(), DiskReads.readAll(images, child), "replayed in memory");
        parent.assertUnchanged();

        CommandRun repair = CommandRun.of("vhd", "check", "--repair", image.toString());
        assertEquals(0, repair.exitCode(), repair.toString());
        assertArrayEquals(replayedModel(page).bytes(), DiskReads.readAll(images, child),
                "a replay keeps the DataWriteGuid, so the child still links");
    }

    @Test
    void aReplayInterruptedAtAnyStepIsCompletedByTheNextOpen() throws Exception {
        byte[] page = writeValidSequence();
        Path template = dir.resolve("template");
        Files.createDirectories(template);
        Files.copy(image, template.resolve("dirty.vhdx"));
        for (int allowed = 0; ; allowed++) {
            try (TempFolder run = new TempFolder()) {
                Path copy = run.resolve("dirty.vhdx");
                Files.copy(template.resolve("dirty.vhdx"), copy);
                CrashAfterSteps hook = new CrashAfterSteps(allowed);
                DiskImages crashing = new DiskImages(new StorageFactory(hook), Clock.systemUTC(),
                        ParentPaths.forThisSystem());
                try (Layer layer = crashing.openLayer(copy, true, Durability.SAFE)) {
                    assertEquals(PHYSICAL_SECTOR_AFTER, physicalSectorSize(layer));
                } catch (SimulatedCrash crash) {
                    // Stopped part way through the replay.
                }
                String context = hook.crashed() ? hook.crashedAt() : "completed";
                try (Chain chain = images.open(copy, false)) {
                    assertEquals(PHYSICAL_SECTOR_AFTER, physicalSectorSize(chain.top()), context);
                    DiskReads.assertSameBytes(replayedModel(page).bytes(), DiskReads.read(chain, 0, (int) SIZE),
                            context);
                }
                if (!hook.crashed()) {
                    assertEquals(new UUID(0, 0), new VhdxFileEditor(copy).logGuid());
                    assertTrue(allowed >= 6, "header, replayed writes, flushes, header: " + allowed);
                    return;
                }
            }
        }
    }
}
