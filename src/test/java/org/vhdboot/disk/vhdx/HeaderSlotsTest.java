package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.Storage;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderSlotsTest {
    private static final long MIB = 1 << 20;
    private static final long SLOT_1 = 64 * 1024;
    private static final long SLOT_2 = 128 * 1024;

    @TempDir
    Path dir;

    private Path file(long firstSequence, long secondSequence) throws Exception {
        Path file = dir.resolve("headers.bin");
        Files.write(file, new byte[192 * 1024]);
        FileBytes.write(file, SLOT_1, VhdxHeaderTest.headerBytes(firstSequence, MsGuid.ZERO, MIB, (int) MIB));
        FileBytes.write(file, SLOT_2, VhdxHeaderTest.headerBytes(secondSequence, MsGuid.ZERO, MIB, (int) MIB));
        return file;
    }

    private static HeaderSlots read(Path file) throws Exception {
        try (Storage storage = StorageFactory.files().open(file, false)) {
            return HeaderSlots.read(storage, "h.vhdx", Durability.SAFE);
        }
    }

    @Test
    void theHigherSequenceNumberIsCurrentInEitherSlot() throws Exception {
        assertEquals(9, read(file(9, 4)).current().sequenceNumber());
        assertEquals(9, read(file(4, 9)).current().sequenceNumber());
    }

    @Test
    void sequenceNumbersCompareUnsigned() throws Exception {
        assertEquals(-2L, read(file(5, -2L)).current().sequenceNumber());
    }

    @Test
    void twoIdenticalHeadersWithEqualSequenceNumbersAreAcceptedAsDisk2vhdWritesThem() throws Exception {
        HeaderSlots slots = read(file(3, 3));
        assertEquals(3, slots.current().sequenceNumber());
        assertTrue(slots.findings().isEmpty());
    }

    @Test
    void equalSequenceNumbersWithDifferentContentsAreRefusedAsQemuRefusesThem() throws Exception {
        Path file = file(3, 3);
        byte[] other = FileBytes.read(file, SLOT_2, 4096);
        VhdxFileEditor.le(other).put(32, org.vhdboot.disk.testing.GuidBytes.encode(UUID.randomUUID()));
        VhdxFileEditor.le(other).putInt(4, VhdxFileEditor.crc32c(other, 4));
        FileBytes.write(file, SLOT_2, other);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> read(file));
        assertTrue(e.getMessage().contains("both headers have sequence number 3 but different contents"),
                e.getMessage());
    }

    @Test
    void aDamagedSlotLeavesTheOtherInUseAndIsReported() throws Exception {
        Path file = file(4, 9);
        FileBytes.flipByte(file, SLOT_2 + 200);
        HeaderSlots slots = read(file);
        assertEquals(4, slots.current().sequenceNumber(), "the valid older header wins over a damaged newer one");
        assertEquals(1, slots.findings().size());
        assertTrue(slots.findings().get(0).contains("header 2: CRC-32C mismatch"), slots.findings().toString());
    }

    @Test
    void twoDamagedSlotsAreFatal() throws Exception {
        Path file = file(4, 9);
        FileBytes.flipByte(file, SLOT_1 + 200);
        FileBytes.flipByte(file, SLOT_2 + 200);
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> read(file));
        assertTrue(e.getMessage().contains("both headers are damaged"), e.getMessage());
    }

    @Test
    void anUpdateWritesTheNonCurrentSlotFirstAndFlushesEachCopy() throws Exception {
        Path file = file(9, 4);
        List<String> steps = new ArrayList<>();
        IoStepHook record = (step, path, position, length) -> steps.add(step + "@" + position);
        try (Storage storage = new StorageFactory(record).open(file, true)) {
            HeaderSlots slots = HeaderSlots.read(storage, "h.vhdx", Durability.SAFE);
            slots.update(storage, slots.current());
            assertEquals(11, slots.current().sequenceNumber());
        }
        assertEquals(List.of("WRITE@" + SLOT_2, "FLUSH@0", "WRITE@" + SLOT_1, "FLUSH@0"), steps);
        VhdxFileEditor editor = new VhdxFileEditor(file);
        assertEquals(10, editor.sequenceNumber(1));
        assertEquals(11, editor.sequenceNumber(0));
    }

    @Test
    void anUpdateRepairsADamagedSlot() throws Exception {
        Path file = file(4, 9);
        FileBytes.flipByte(file, SLOT_2 + 200);
        try (Storage storage = StorageFactory.files().open(file, true)) {
            HeaderSlots slots = HeaderSlots.read(storage, "h.vhdx", Durability.SAFE);
            slots.update(storage, slots.current());
            assertTrue(slots.findings().isEmpty());
        }
        HeaderSlots again = read(file);
        assertTrue(again.findings().isEmpty());
        assertEquals(6, again.current().sequenceNumber());
    }

    @Test
    void theFirstDataWriteOfASessionRenewsBothGuidsOnce() throws Exception {
        Path file = file(1, 2);
        try (Storage storage = StorageFactory.files().open(file, true)) {
            HeaderSlots slots = HeaderSlots.read(storage, "h.vhdx", Durability.SAFE);
            VhdxHeader before = slots.current();
            slots.beginDataWrite(storage);
            VhdxHeader after = slots.current();
            assertNotEquals(before.fileWriteGuid(), after.fileWriteGuid());
            assertNotEquals(before.dataWriteGuid(), after.dataWriteGuid());
            slots.beginDataWrite(storage);
            assertEquals(after, slots.current(), "later writes of the session leave the header alone");
        }
    }

    @Test
    void aLogReplayRenewsOnlyTheFileWriteGuid() throws Exception {
        Path file = file(1, 2);
        try (Storage storage = StorageFactory.files().open(file, true)) {
            HeaderSlots slots = HeaderSlots.read(storage, "h.vhdx", Durability.SAFE);
            UUID data = slots.current().dataWriteGuid();
            UUID fileWrite = slots.current().fileWriteGuid();
            slots.renewFileWriteGuid(storage);
            assertEquals(data, slots.current().dataWriteGuid());
            assertNotEquals(fileWrite, slots.current().fileWriteGuid());
            UUID renewed = slots.current().fileWriteGuid();
            slots.beginDataWrite(storage);
            assertEquals(renewed, slots.current().fileWriteGuid(), "one FileWriteGuid per session");
            assertNotEquals(data, slots.current().dataWriteGuid());
        }
    }
}
