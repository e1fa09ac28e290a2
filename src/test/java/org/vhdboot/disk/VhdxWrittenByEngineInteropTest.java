package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.LibvhdiReader;
import org.vhdboot.disk.testing.QemuImg;
import org.vhdboot.disk.testing.ToolRun;
import org.vhdboot.disk.testing.WritePlan;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VHDXs the engine writes, read back by qemu-img (non-differencing only: qemu refuses children) and
 * libvhdi (whole chains): every byte must match the model, and qemu-img check must find no errors.
 */
class VhdxWrittenByEngineInteropTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 24 * MIB;

    @TempDir
    Path dir;

    private ChainFiles chain() {
        return new ChainFiles(new DiskImages(), dir, "vhdx");
    }

    private void assertQemuFindsNoErrors(Path image) throws Exception {
        ToolRun check = new QemuImg(dir).checkVhdx(image);
        assertEquals(0, check.exitCode(), check.stderr() + check.stdoutText());
        assertTrue(check.stdoutText().contains("No errors were found on the image."), check.stdoutText());
    }

    /** qemu-img check finds no errors, and qemu-img and libvhdi both read {@code expected}. */
    private void assertQemuAndLibvhdiRead(byte[] expected, Path image) throws Exception {
        assertQemuFindsNoErrors(image);
        assertArrayEquals(expected, new QemuImg(dir).readVhdx(image), "qemu-img");
        assertArrayEquals(expected, new LibvhdiReader(dir).read(image), "libvhdi");
    }

    @Test
    void dynamicVhdxReadsTheSameInQemuAndLibvhdi() throws Exception {
        ChainFiles files = chain();
        Path image = files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(MIB));
        files.write(WritePlan.unaligned(21, SIZE, 16));
        assertQemuAndLibvhdiRead(files.model().bytes(), image);
    }

    @Test
    void dynamicVhdxWithTheDefaultBlockSizeReadsTheSameInQemuAndLibvhdi() throws Exception {
        ChainFiles files = chain();
        Path image = files.createBase(ImageSpec.dynamic(SIZE));
        files.write(WritePlan.unaligned(22, SIZE, 12));
        assertQemuAndLibvhdiRead(files.model().bytes(), image);
    }

    @Test
    void fixedVhdxReadsTheSameInQemuAndLibvhdi() throws Exception {
        ChainFiles files = chain();
        Path image = files.createBase(ImageSpec.fixed(SIZE).withBlockSize(MIB));
        files.write(WritePlan.unaligned(23, SIZE, 12));
        assertQemuAndLibvhdiRead(files.model().bytes(), image);
    }

    @Test
    void anEmptyDynamicVhdxPassesQemuCheckAndReadsAsZeros() throws Exception {
        ChainFiles files = chain();
        Path image = files.createBase(ImageSpec.dynamic(SIZE));
        assertQemuFindsNoErrors(image);
        assertArrayEquals(new byte[(int) SIZE], new QemuImg(dir).readVhdx(image));
    }

    @Test
    void vhdxWithFourKibibyteSectorsReadsTheSameInLibvhdi() throws Exception {
        ChainFiles files = chain();
        Path base = files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(MIB).withSectorSizes(4096, 4096));
        files.write(WritePlan.unaligned(24, SIZE, 12));
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.unaligned(25, SIZE, 12));
        assertArrayEquals(files.model(0).bytes(), new LibvhdiReader(dir).read(base), "base");
        assertArrayEquals(files.model().bytes(), new LibvhdiReader(dir).read(base, child), "chain");
    }

    @Test
    void differencingVhdxWithPartialBlockWritesReadsTheSameInLibvhdi() throws Exception {
        ChainFiles files = chain();
        Path base = files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(MIB));
        files.write(WritePlan.unaligned(26, SIZE, 16));
        assertQemuFindsNoErrors(base);
        Path child = files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.unaligned(27, SIZE, 16));
        assertArrayEquals(files.model().bytes(), new LibvhdiReader(dir).read(base, child));
    }

    @Test
    void threeDeepChainsReadTheSameInLibvhdi() throws Exception {
        ChainFiles files = chain();
        files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(4 * MIB));
        files.write(WritePlan.unaligned(28, SIZE, 12));
        for (int level = 1; level <= 3; level++) {
            files.addChild(new ChildSpec(level == 2 ? MIB : 0, Optional.empty()));
            files.write(WritePlan.unaligned(28 + level, SIZE, 12));
        }
        LibvhdiReader libvhdi = new LibvhdiReader(dir);
        for (int top = 1; top <= 3; top++) {
            assertArrayEquals(files.model(top).bytes(),
                    libvhdi.read(files.layers().subList(0, top + 1).toArray(Path[]::new)), "chain up to layer " + top);
        }
    }

    @Test
    void theParentOfAChainStaysValidForQemu() throws Exception {
        ChainFiles files = chain();
        Path base = files.createBase(ImageSpec.dynamic(SIZE).withBlockSize(MIB));
        files.write(WritePlan.unaligned(32, SIZE, 8));
        files.addChild(ChildSpec.DEFAULTS);
        files.write(WritePlan.unaligned(33, SIZE, 8));
        assertQemuFindsNoErrors(base);
        assertArrayEquals(files.model(0).bytes(), new QemuImg(dir).readVhdx(base));
    }
}
