package org.vhdboot.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.GuidBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vhdboot.cli.CliAssertions.assertOneLineError;

/**
 * Damaged and inconsistent VHDXs through the CLI: refused with one clear line and a documented exit code,
 * without changing any file; a damaged header copy is survivable and reported by {@code check}.
 */
class VhdxCorruptImageTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path data;
    private ChainFiles files;

    @BeforeEach
    void writeInputData() throws Exception {
        data = dir.resolve("data.bin");
        Files.write(data, new byte[] {1, 2, 3});
        files = new ChainFiles(new DiskImages(), dir, "vhdx");
    }

    private Path dynamicWithData() throws Exception {
        Path image = files.createBase(ImageSpec.dynamic(16 * MIB).withBlockSize(MIB));
        files.write(WritePlan.unaligned(1, 16 * MIB, 8));
        return image;
    }

    private void assertRefusedEverywhere(Path image, ExitCode code, String message, Path... involved) throws Exception {
        CliAssertions.assertRefusedEverywhere(data, image, code, message, involved);
    }

    @Test
    void aBadCrcInOneHeaderSlotFallsBackToTheOtherAndCheckReportsIt() throws Exception {
        Path image = dynamicWithData();
        VhdxFileEditor editor = new VhdxFileEditor(image);
        int current = editor.currentSlot();
        long olderSequence = editor.sequenceNumber(1 - current);
        FileBytes.flipByte(image, VhdxFileEditor.HEADER_SLOTS[current] + 300);
        FileDigests before = FileDigests.of(image);

        CommandRun info = CommandRun.of("vhd", "info", image.toString());
        assertEquals(ExitCode.OK.code(), info.exitCode(), info.toString());
        assertTrue(info.out().contains("header sequence:       " + olderSequence), info.out());
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(new DiskImages(), image));
        CommandRun check = CommandRun.of("vhd", "check", image.toString());
        assertEquals(ExitCode.PROBLEMS.code(), check.exitCode(), check.toString());
        assertTrue(check.out().contains("problem: ") && check.out().contains("header " + (current + 1)
                + ": CRC-32C mismatch"), check.out());
        before.assertUnchanged();
    }

    @Test
    void repairRewritesADamagedHeaderSlot() throws Exception {
        Path image = dynamicWithData();
        FileBytes.flipByte(image, VhdxFileEditor.HEADER_SLOTS[0] + 300);
        CommandRun repair = CommandRun.of("vhd", "check", "--repair", image.toString());
        assertEquals(ExitCode.OK.code(), repair.exitCode(), repair.toString());
        CommandRun check = CommandRun.of("vhd", "check", image.toString());
        assertEquals(ExitCode.OK.code(), check.exitCode(), check.toString());
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(new DiskImages(), image));
    }

    @Test
    void badCrcsInBothHeaderSlotsAreRefused() throws Exception {
        Path image = dynamicWithData();
        FileBytes.flipByte(image, VhdxFileEditor.HEADER_SLOTS[0] + 300);
        FileBytes.flipByte(image, VhdxFileEditor.HEADER_SLOTS[1] + 300);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "both headers are damaged");
        FileDigests before = FileDigests.of(image);
        assertOneLineError(CommandRun.of("vhd", "check", "--repair", image.toString()), ExitCode.INVALID_IMAGE,
                "both headers are damaged");
        before.assertUnchanged();
    }

    @Test
    void overlappingRegionsAreRefused() throws Exception {
        Path image = dynamicWithData();
        VhdxFileEditor editor = new VhdxFileEditor(image);
        long batOffset = editor.batOffset();
        int metadata = editor.regionEntryIndex(VhdxFileEditor.METADATA_REGION);
        editor.patchRegionTables(t -> t.putLong(16 + 32 * metadata + 16, batOffset));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "overlaps another region");
    }

    @Test
    void aRegionOverlappingTheLogIsRefused() throws Exception {
        Path image = dynamicWithData();
        VhdxFileEditor editor = new VhdxFileEditor(image);
        int bat = editor.regionEntryIndex(VhdxFileEditor.BAT_REGION);
        editor.patchRegionTables(t -> t.putLong(16 + 32 * bat + 16, MIB));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "overlaps another region, the log or the headers");
    }

    @Test
    void aBatEntryBeyondTheEndOfTheFileIsRefused() throws Exception {
        Path image = dynamicWithData();
        new VhdxFileEditor(image).setBatEntry(9, VhdxFileEditor.batEntry(6, Files.size(image) + 4 * MIB));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "beyond the end of the file");
    }

    @Test
    void aBatEntryPointingAtTheMetadataIsRefused() throws Exception {
        Path image = dynamicWithData();
        VhdxFileEditor editor = new VhdxFileEditor(image);
        editor.setBatEntry(9, VhdxFileEditor.batEntry(6, editor.metadataOffset()));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "overlaps the headers, log, BAT or metadata");
    }

    @Test
    void aPartiallyPresentBlockInADynamicImageIsRefused() throws Exception {
        Path image = dynamicWithData();
        VhdxFileEditor editor = new VhdxFileEditor(image);
        long entry = editor.batEntry(0);
        editor.setBatEntry(0, (entry & ~7L) | 7);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "invalid for a non-differencing VHDX");
    }

    @Test
    void aTruncatedVhdxIsRefused() throws Exception {
        Path image = dynamicWithData();
        FileBytes.truncate(image, Files.size(image) - MIB / 2);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "beyond the end of the file");
    }

    @Test
    void aVhdxCutInsideItsHeadersIsRefused() throws Exception {
        Path image = dynamicWithData();
        FileBytes.truncate(image, 100 * 1024);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "too small to be a VHDX");
    }

    @Test
    void aHundredTerabyteVirtualSizeIsRefused() throws Exception {
        Path image = dynamicWithData();
        VhdxFileEditor editor = new VhdxFileEditor(image);
        long item = editor.metadataItemOffset(UUID.fromString("2FA54224-CD1B-4876-B211-5DBED83BF4B8"));
        byte[] size = new byte[8];
        VhdxFileEditor.le(size).putLong(0, 100L * 1000 * 1000 * 1000 * 1000);
        FileBytes.write(image, item, size);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "virtual size 100000000000000 is absurd");
    }

    @Test
    void anUnknownRequiredMetadataItemIsRefused() throws Exception {
        Path image = dynamicWithData();
        UUID unknown = UUID.fromString("12345678-9abc-def0-1234-56789abcdef0");
        new VhdxFileEditor(image).patchMetadataTable(t -> {
            int count = t.getShort(10);
            int at = 32 + 32 * count;
            t.put(at, GuidBytes.encode(unknown));
            t.putInt(at + 16, 512 * 1024);
            t.putInt(at + 20, 8);
            t.putInt(at + 24, 4);
            t.putShort(10, (short) (count + 1));
        });
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "unknown required metadata item " + unknown);
    }

    @Test
    void anUnknownOptionalMetadataItemIsIgnored() throws Exception {
        Path image = dynamicWithData();
        new VhdxFileEditor(image).patchMetadataTable(t -> {
            int count = t.getShort(10);
            int at = 32 + 32 * count;
            t.put(at, GuidBytes.encode(UUID.randomUUID()));
            t.putInt(at + 16, 512 * 1024);
            t.putInt(at + 20, 8);
            t.putShort(10, (short) (count + 1));
        });
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(new DiskImages(), image));
    }

    @Test
    void anUnknownRequiredRegionIsRefused() throws Exception {
        Path image = dynamicWithData();
        UUID unknown = UUID.fromString("0fedcba9-8765-4321-0fed-cba987654321");
        new VhdxFileEditor(image).patchRegionTables(t -> {
            int count = t.getInt(8);
            int at = 16 + 32 * count;
            t.put(at, GuidBytes.encode(unknown));
            t.putLong(at + 16, 64 * MIB);
            t.putInt(at + 24, (int) MIB);
            t.putInt(at + 28, 1);
            t.putInt(8, count + 1);
        });
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "unknown required region " + unknown);
    }

    @Test
    void bothRegionTablesDamagedAreRefused() throws Exception {
        Path image = dynamicWithData();
        FileBytes.flipByte(image, VhdxFileEditor.REGION_TABLE_SLOTS[0] + 40);
        FileBytes.flipByte(image, VhdxFileEditor.REGION_TABLE_SLOTS[1] + 40);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "both region tables are damaged");
    }

    @Test
    void oneDamagedRegionTableIsSurvivableAndReported() throws Exception {
        Path image = dynamicWithData();
        FileBytes.flipByte(image, VhdxFileEditor.REGION_TABLE_SLOTS[0] + 40);
        FileDigests before = FileDigests.of(image);
        assertArrayEquals(files.model().bytes(), DiskReads.readAll(new DiskImages(), image));
        CommandRun check = CommandRun.of("vhd", "check", image.toString());
        assertEquals(ExitCode.PROBLEMS.code(), check.exitCode(), check.toString());
        assertTrue(check.out().contains("region table 1"), check.out());
        before.assertUnchanged();
    }

    @Test
    void aModifiedParentIsAParentErrorThatSaysSo() throws Exception {
        Path parent = dynamicWithData();
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.unaligned(2, 16 * MIB, 4));
        // Someone writes to the parent after the child was made: its DataWriteGuid changes.
        try (Chain chain = new DiskImages().allowingParentWrites().open(parent, true)) {
            chain.write(0, ByteBuffer.wrap(new byte[] {9}));
        }
        assertRefusedEverywhere(child, ExitCode.PARENT, "parent layer0.vhdx was modified after the child was made",
                parent);
    }

    @Test
    void aMissingParentIsAParentError() throws Exception {
        Path parent = dynamicWithData();
        Path child = files.addChild(ChildSpec.DEFAULTS);
        Files.delete(parent);
        assertRefusedEverywhere(child, ExitCode.PARENT, "parent of layer1.vhdx not found");
    }

    @Test
    void aChildWithoutAParentLocatorIsRefused() throws Exception {
        dynamicWithData();
        Path child = files.addChild(ChildSpec.DEFAULTS);
        VhdxFileEditor editor = new VhdxFileEditor(child);
        editor.patchMetadataTable(t -> {
            int count = t.getShort(10);
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[16];
                t.get(32 + 32 * i, id);
                if (GuidBytes.decode(id, 0).equals(VhdxFileEditor.PARENT_LOCATOR_ITEM)) {
                    t.put(32 + 32 * i, GuidBytes.encode(UUID.randomUUID()));
                    t.putInt(32 + 32 * i + 24, 0);
                }
            }
        });
        assertRefusedEverywhere(child, ExitCode.INVALID_IMAGE, "a differencing VHDX without a parent locator");
    }

    @Test
    void offsetsAtTheTopOfTheirRangeAreRefusedWhereTheyAreParsed() throws Exception {
        // Each one read unchecked would reach the I/O layer as a negative or overflowing position.
        Path image = dynamicWithData();
        byte[] original = Files.readAllBytes(image);
        VhdxFileEditor editor = new VhdxFileEditor(image);
        int bat = editor.regionEntryIndex(VhdxFileEditor.BAT_REGION);
        editor.patchRegionTables(t -> t.putLong(16 + 32 * bat + 16, Long.MAX_VALUE - MIB + 1 & -MIB));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "lies beyond the end of the file");

        Files.write(image, original);
        editor.patchMetadataTable(t -> t.putInt(VhdxFileEditor.metadataEntry(t.array(),
                VhdxFileEditor.PHYSICAL_SECTOR_SIZE_ITEM) + 16, 0xFFFFFFF0));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "lies outside the metadata region");

        Files.write(image, original);
        Path child = files.addChild(ChildSpec.DEFAULTS);
        long locator = new VhdxFileEditor(child).metadataItemOffset(VhdxFileEditor.PARENT_LOCATOR_ITEM);
        FileBytes.write(child, locator + 20, new byte[] {-1, -1, -1, -1});
        assertRefusedEverywhere(child, ExitCode.INVALID_IMAGE, "points outside the item", image);
    }
}
