package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.GuidBytes;
import org.vhdboot.disk.testing.HostileImages;
import org.vhdboot.disk.testing.LogEntryBuilder;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.VhdxLogWriter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile logs: a replay is validated before it allocates or writes anything, zero descriptors cost no memory,
 * the replayed file cannot grow past what the log writes, and finding the active sequence is linear in the log.
 */
class LogReplayTest {
    private static final long MIB = 1 << 20;
    private static final long TIB = 1L << 40;

    @TempDir
    Path dir;

    private final DiskImages images = new DiskImages();

    private Path imageWithData() throws Exception {
        Path image = dir.resolve("log.vhdx");
        images.create(image, ImageSpec.dynamic(16 * MIB).withBlockSize(MIB));
        try (Chain chain = images.open(image, true)) {
            chain.write(0, ByteBuffer.wrap(PatternBytes.of(1, 8192)));
        }
        return image;
    }

    private static void dirty(Path image, UUID logGuid, LogEntryBuilder entry) throws Exception {
        VhdxLogWriter log = new VhdxLogWriter(image);
        log.put(0, entry.build());
        log.activate(logGuid);
    }

    /** Opening read-only and writable both refuse with {@code message}, and the file does not change. */
    private void assertRefusedBeforeAnyWrite(Path image, String message) throws Exception {
        FileDigests before = FileDigests.of(image);
        for (boolean writable : new boolean[] {false, true}) {
            InvalidImageException e = assertThrows(InvalidImageException.class, () -> images.open(image, writable));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
        CommandRun repair = CommandRun.of("vhd", "check", "--repair", image.toString());
        assertEquals(3, repair.exitCode(), repair.toString());
        assertTrue(repair.err().contains(message), repair.toString());
        before.assertUnchanged();
    }

    @Test
    void descriptorsAtANegativeOrHugeOffsetAreRefusedBeforeTheRepairWritesAnything() throws Exception {
        HostileImages hostile = new HostileImages(dir);
        assertRefusedBeforeAnyWrite(hostile.descriptorAt(-4096), "lies outside the file");
        assertRefusedBeforeAnyWrite(hostile.descriptorAt(0x7FFFFFFFFFFFF000L), "lies outside the file");
    }

    @Test
    void aDescriptorMayNotWriteTheHeaderSlotsOrTheLogItself() throws Exception {
        Path image = imageWithData();
        long end = Files.size(image);
        UUID logGuid = UUID.randomUUID();
        dirty(image, logGuid, new LogEntryBuilder(logGuid, 5).fileOffsets(end, end).zero(64 * 1024, 4096));
        assertRefusedBeforeAnyWrite(image, "overwrites the headers");

        Path other = dir.resolve("other.vhdx");
        images.create(other, ImageSpec.dynamic(16 * MIB).withBlockSize(MIB));
        long logOffset = new VhdxLogWriter(other).logOffset();
        dirty(other, logGuid, new LogEntryBuilder(logGuid, 5).fileOffsets(Files.size(other), Files.size(other))
                .data(logOffset + 8192, PatternBytes.of(2, 4096)));
        assertRefusedBeforeAnyWrite(other, "overwrites the log itself");
    }

    @Test
    void aValidLogWhoseReplayWouldLeaveTheFileUnreadableIsRefusedBeforeTheRepairWritesAnything() throws Exception {
        // Each entry is well formed; only the file as replayed shows the damage: both region tables zeroed.
        Path image = imageWithData();
        long end = Files.size(image);
        UUID logGuid = UUID.randomUUID();
        dirty(image, logGuid, new LogEntryBuilder(logGuid, 5).fileOffsets(end, end)
                .zero(RegionTable.SLOT_1, RegionTable.SIZE).zero(RegionTable.SLOT_2, RegionTable.SIZE));
        assertRefusedBeforeAnyWrite(image, "both region tables are damaged");
    }

    @Test
    void aLastFileOffsetBeyondAnythingTheLogWritesIsRefused() throws Exception {
        assertRefusedBeforeAnyWrite(new HostileImages(dir).lastFileOffsetOfTwoTib(), "writes nothing past");
    }

    @Test
    void aZeroDescriptorOfATebibyteReplaysInMemoryAsOneZeroRunAndInTheFileAsASparseExtension() throws Exception {
        Path image = new HostileImages(dir).zeroDescriptorOfOneTib();
        long stored = Files.size(image);
        byte[] content;
        try (Chain chain = images.open(image, false)) {
            assertEquals(stored + TIB, ((VhdxImage) chain.top()).info().fileSize());
            content = DiskReads.read(chain, 0, (int) (16 * MIB));
        }
        CommandRun repair = CommandRun.of("vhd", "check", "--repair", image.toString());
        assertEquals(0, repair.exitCode(), repair.toString());
        assertEquals(stored + TIB, Files.size(image), "extended to the size the log says, by a hole");
        assertTrue((long) Files.getAttribute(image, "unix:size") > 0);
        try (Chain chain = images.refusingDirtyReadOnlyLogs().open(image, false)) {
            assertArrayEquals(content, DiskReads.read(chain, 0, (int) (16 * MIB)));
        }
    }

    @Test
    void moreDescriptorsThanTheLimitAreRefusedBeforeTheyAreRead() throws Exception {
        Path image = imageWithData();
        VhdxFileEditor editor = new VhdxFileEditor(image);
        long logOffset = (Files.size(image) + MIB - 1) / MIB * MIB;
        int logLength = (int) (10 * MIB);
        FileBytes.setSize(image, logOffset + logLength);
        editor.rewriteHeaders(h -> h.putInt(68, logLength).putLong(72, logOffset));
        long end = Files.size(image);
        UUID logGuid = UUID.randomUUID();
        LogEntryBuilder entry = new LogEntryBuilder(logGuid, 3).fileOffsets(end, end);
        for (long i = 0; i <= LogReplay.MAX_DESCRIPTORS; i++) {
            entry.zero(4 * MIB, 4096);
        }
        dirty(image, logGuid, entry);
        assertRefusedBeforeAnyWrite(image, "descriptors to replay, more than");
    }

    /** A 16 MiB log in memory whose reads are counted. */
    private static CircularLog counted(byte[] log, AtomicLong bytesRead) {
        return CircularLog.over((position, dst) -> {
            bytesRead.addAndGet(dst.remaining());
            dst.put(log, (int) position, dst.remaining());
        }, log.length);
    }

    @Test
    void findingTheActiveSequenceReadsALogOfBogusWholeLogClaimsAboutOnce() throws Exception {
        int length = (int) (16 * MIB);
        UUID logGuid = UUID.randomUUID();
        byte[] log = new byte[length];
        byte[] valid = new LogEntryBuilder(logGuid, 1000).fileOffsets(MIB, MIB).build();
        System.arraycopy(valid, 0, log, 0, valid.length);
        for (int at = valid.length; at < length; at += 4096) {
            ByteBuffer claim = ByteBuffer.wrap(log, at, 64).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            claim.put(0, "loge".getBytes(StandardCharsets.US_ASCII)).putInt(8, length).putLong(16, 999)
                    .put(32, GuidBytes.encode(logGuid));
        }
        AtomicLong read = new AtomicLong();
        LogSequence active = LogSequence.findActive(counted(log, read), logGuid).orElseThrow();
        assertEquals(1000, active.head().sequenceNumber());
        assertTrue(read.get() <= 3L * length, read.get() + " bytes read for a " + length + "-byte log");
    }

    @Test
    void anEntryLongerThanItsDescriptorsAndDataIsNotAnEntry() throws Exception {
        UUID logGuid = UUID.randomUUID();
        byte[] entry = new LogEntryBuilder(logGuid, 7).fileOffsets(MIB, MIB).zero(MIB, 4096).build();
        byte[] padded = java.util.Arrays.copyOf(entry, entry.length + 4096);
        VhdxFileEditor.le(padded).putInt(8, padded.length);
        VhdxFileEditor.le(padded).putInt(4, VhdxFileEditor.crc32c(padded, 4));
        byte[] log = new byte[64 * 1024];
        System.arraycopy(padded, 0, log, 0, padded.length);
        assertTrue(LogEntry.parse(log, 0, logGuid).isEmpty(), "a padded entry would let claims overlap");
    }
}
