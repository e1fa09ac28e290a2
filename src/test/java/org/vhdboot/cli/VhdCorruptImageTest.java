package org.vhdboot.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.VhdFileEditor;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Damaged and inconsistent VHDs through the CLI: every one is refused with one clear line and a documented
 * exit code by {@code info}, {@code check} and a writable {@code write}, and no file involved changes.
 */
class VhdCorruptImageTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Path data;

    @BeforeEach
    void writeInputData() throws Exception {
        data = dir.resolve("data.bin");
        Files.write(data, new byte[] {1, 2, 3});
    }

    private Path dynamicWithData(String name) throws Exception {
        ChainFiles files = new ChainFiles(new DiskImages(), dir.resolve(name), "vhd");
        Files.createDirectories(files.folder());
        files.createBase(ImageSpec.dynamic(16 * MIB).withBlockSize(512 << 10));
        files.write(WritePlan.unaligned(1, 16 * MIB, 8));
        return files.top();
    }

    private ChainFiles chain(int children) throws Exception {
        ChainFiles files = new ChainFiles(new DiskImages(), dir, "vhd");
        files.createBase(ImageSpec.dynamic(16 * MIB));
        files.write(WritePlan.unaligned(2, 16 * MIB, 4));
        for (int i = 0; i < children; i++) {
            files.addChild(ChildSpec.DEFAULTS);
            files.write(WritePlan.unaligned(3 + i, 16 * MIB, 4));
        }
        return files;
    }

    private void assertRefusedEverywhere(Path image, ExitCode code, String message, Path... involved) throws Exception {
        CliAssertions.assertRefusedEverywhere(data, image, code, message, involved);
    }

    @Test
    void aTruncatedDynamicVhdIsRefused() throws Exception {
        Path image = dynamicWithData("truncated");
        FileBytes.truncate(image, Files.size(image) / 2 + 100);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "the footer at the end of the file is missing");
    }

    @Test
    void aTruncatedFixedVhdIsRefused() throws Exception {
        Path image = dir.resolve("fixed.vhd");
        new DiskImages().create(image, ImageSpec.fixed(4 * MIB));
        FileBytes.truncate(image, 3 * MIB);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "no signature found");
    }

    @Test
    void aFlippedFooterChecksumByteOfAFixedVhdIsRefused() throws Exception {
        // A fixed VHD has no copy of its footer (a dynamic one's damaged footer is read through its copy).
        Path image = dir.resolve("fixed-footer.vhd");
        new DiskImages().create(image, ImageSpec.fixed(4 * MIB));
        FileBytes.flipByte(image, Files.size(image) - 512 + 66);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "footer checksum mismatch");
    }

    @Test
    void aDamagedFooterCopyIsRefused() throws Exception {
        Path image = dynamicWithData("copy");
        FileBytes.flipByte(image, 50);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "footer copy at offset 0");
    }

    @Test
    void aFlippedDynamicHeaderByteIsRefused() throws Exception {
        Path image = dynamicWithData("header");
        FileBytes.flipByte(image, 512 + 30);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "dynamic header checksum mismatch");
    }

    @Test
    void aBatEntryPastTheEndOfTheFileIsRefused() throws Exception {
        Path image = dynamicWithData("bat");
        VhdFileEditor editor = new VhdFileEditor(image);
        editor.setBatEntry(5, (int) (Files.size(image) / 512) + 10);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "BAT entry 5 points to offset");
    }

    @Test
    void aBatEntryPointingAtTheHeaderIsRefused() throws Exception {
        Path image = dynamicWithData("overlap");
        new VhdFileEditor(image).setBatEntry(3, 1);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "overlaps the image's metadata");
    }

    @Test
    void aHundredTerabyteSizeFieldIsRefused() throws Exception {
        Path image = dynamicWithData("huge");
        new VhdFileEditor(image).patchFooter(f -> f.putLong(48, 100L * 1000 * 1000 * 1000 * 1000 / 512 * 512));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "beyond the VHD limit");
    }

    @Test
    void aHeaderOffsetOutsideTheFileIsRefused() throws Exception {
        Path image = dynamicWithData("far");
        new VhdFileEditor(image).patchFooter(f -> f.putLong(16, 1L << 40));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "dynamic header offset");
    }

    @Test
    void aFileWithoutSignatureIsRefused() throws Exception {
        Path image = dir.resolve("noise.vhd");
        Files.write(image, PatternBytes.of(5, 100_000));
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "is not a VHD or VHDX image");
    }

    @Test
    void aVhdxNamedVhdIsRefusedWithTheRightExtension() throws Exception {
        Path vhdx = dir.resolve("real.vhdx");
        new DiskImages().create(vhdx, ImageSpec.dynamic(16 * MIB));
        Path image = dir.resolve("real.vhd");
        Files.move(vhdx, image);
        assertRefusedEverywhere(image, ExitCode.INVALID_IMAGE, "rename it .vhdx");
    }

    @Test
    void aWrongParentIdIsAParentError() throws Exception {
        ChainFiles files = chain(1);
        Path child = files.top();
        new VhdFileEditor(child).patchHeader(h -> h.putLong(40, UUID.randomUUID().getMostSignificantBits()));
        assertRefusedEverywhere(child, ExitCode.PARENT, "parent id mismatch", files.layers().get(0));
    }

    @Test
    void aMissingParentIsAParentError() throws Exception {
        ChainFiles files = chain(1);
        Files.delete(files.layers().get(0));
        assertRefusedEverywhere(files.top(), ExitCode.PARENT, "parent of layer1.vhd not found");
    }

    @Test
    void aParentOfAnotherSizeIsAParentError() throws Exception {
        ChainFiles files = chain(1);
        new VhdFileEditor(files.top()).patchFooter(f -> f.putLong(48, 8 * MIB));
        assertRefusedEverywhere(files.top(), ExitCode.PARENT, "parent size mismatch", files.layers().get(0));
    }

    @Test
    void aParentCycleIsAParentError() throws Exception {
        ChainFiles files = chain(2);
        Path middle = files.layers().get(1);
        Path top = files.layers().get(2);
        UUID topId = uniqueId(top);
        // Point the middle layer back at the top: id, header name and both locators.
        new VhdFileEditor(middle).patchHeader(h -> {
            h.putLong(40, topId.getMostSignificantBits());
            h.putLong(48, topId.getLeastSignificantBits());
            h.put(64, "layer2.vhd".getBytes(StandardCharsets.UTF_16BE));
        });
        replaceInFile(middle, "layer0.vhd", "layer2.vhd");
        assertRefusedEverywhere(top, ExitCode.PARENT, "parent cycle", middle, files.layers().get(0));
    }

    private static UUID uniqueId(Path vhd) throws Exception {
        ByteBuffer footer = ByteBuffer.wrap(new VhdFileEditor(vhd).footer());
        return new UUID(footer.getLong(68), footer.getLong(76));
    }

    /** Replaces a same-length UTF-16LE string in the locator data areas after the BAT. */
    private static void replaceInFile(Path file, String from, String to) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] search = from.getBytes(StandardCharsets.UTF_16LE);
        byte[] replacement = to.getBytes(StandardCharsets.UTF_16LE);
        int replaced = 0;
        for (int i = 0; i + search.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + search.length, search, 0, search.length)) {
                System.arraycopy(replacement, 0, bytes, i, replacement.length);
                replaced++;
            }
        }
        assertEquals(2, replaced, "both locators name the parent");
        Files.write(file, bytes);
    }

    @Test
    void repairLeavesAVhdAlone() throws Exception {
        Path image = dynamicWithData("repair");
        FileDigests before = FileDigests.of(image);
        CommandRun run = CommandRun.of("vhd", "check", "--repair", image.toString());
        assertEquals(ExitCode.OK.code(), run.exitCode(), run.toString());
        before.assertUnchanged();
    }
}
