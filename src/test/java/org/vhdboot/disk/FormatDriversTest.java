package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.Storage;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.toy.ToyDriver;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One door per format: the installed drivers, how a file's name and content choose one, and a format added from outside. */
class FormatDriversTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void theInstalledFormatsAreVhdxVhdAndRawInTheOrderTheirSignaturesAreTried() {
        assertEquals(List.of(DiskFormat.VHDX, DiskFormat.VHD, DiskFormat.RAW),
                FormatDrivers.installed().all().stream().map(FormatDriver::format).toList());
    }

    @Test
    void theExtensionChoosesTheFormatInAnyCase() throws Exception {
        assertSame(DiskFormat.VHDX, DiskFormat.fromPath(Path.of("A.VHDX")));
        assertSame(DiskFormat.VHD, DiskFormat.fromPath(Path.of("a.vhd")));
        assertSame(DiskFormat.VHD, DiskFormat.fromPath(Path.of("a.avhd")));
        for (String raw : new String[] {"a.raw", "a.img", "a.bin"}) {
            assertSame(DiskFormat.RAW, DiskFormat.fromPath(Path.of(raw)));
        }
        UnsupportedFormatException unknown = assertThrows(UnsupportedFormatException.class,
                () -> DiskFormat.fromPath(Path.of("a.qcow2")));
        assertEquals("cannot tell the image format of a.qcow2: use the extension .vhdx, .vhd/.avhd, or"
                + " .raw/.img/.bin", unknown.getMessage());
        assertThrows(UnsupportedFormatException.class, () -> DiskFormat.fromPath(Path.of("vhdx")));
    }

    @Test
    void aFormatIsFoundByItsNameInAnyCase() {
        assertSame(DiskFormat.VHDX, DiskFormat.valueOf("vhdx"));
        assertSame(DiskFormat.RAW, DiskFormat.valueOf("Raw"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DiskFormat.valueOf("qcow2"));
        assertTrue(unknown.getMessage().contains("\"qcow2\""), unknown.getMessage());
    }

    @Test
    void aSignatureTellsWhichFormatAFileHolds() throws Exception {
        DiskImages images = new DiskImages();
        for (String name : new String[] {"a.vhdx", "a.vhd", "a.raw"}) {
            Path file = dir.resolve(name);
            images.create(file, ImageSpec.dynamic(4 * MIB));
            try (Storage storage = StorageFactory.files().open(file, false)) {
                Optional<DiskFormat> found = FormatDrivers.installed().recognise(storage).map(FormatDriver::format);
                assertEquals(name.endsWith(".raw") ? Optional.empty() : Optional.of(DiskFormat.fromPath(file)), found,
                        name);
            }
        }
    }

    @Test
    void aNewFormatNeedsItsOwnPackageAndOneRegistrationLine() throws Exception {
        List<FormatDriver> drivers = new ArrayList<>(FormatDrivers.installed().all());
        drivers.add(new ToyDriver());
        DiskImages images = new DiskImages(StorageFactory.files(), Clock.systemUTC(), ParentPaths.forThisSystem(),
                new FormatDrivers(drivers));
        Path toy = dir.resolve("a.toy");
        images.create(toy, ImageSpec.fixed(4 * MIB));
        byte[] data = PatternBytes.of(7, 3 * 512 + 100);
        try (Chain chain = images.open(toy, true)) {
            chain.write(MIB - 300, ByteBuffer.wrap(data));
        }
        ImageConverter converter = new ImageConverter(images);
        converter.convert(toy, dir.resolve("b.vhdx"), DiskType.DYNAMIC, (done, total) -> { });
        converter.convert(dir.resolve("b.vhdx"), dir.resolve("c.toy"), DiskType.FIXED, (done, total) -> { });
        byte[] expected = new byte[(int) (4 * MIB)];
        System.arraycopy(data, 0, expected, (int) MIB - 300, data.length);
        try (Chain copy = images.open(dir.resolve("c.toy"), false)) {
            assertSame(ToyDriver.TOY, copy.top().format());
            assertArrayEquals(expected, DiskReads.read(copy, 0, expected.length));
        }
        ImageRepair.Outcome repair = new ImageRepair(images).repair(toy);
        assertFalse(repair.changed());
        assertEquals("nothing to repair: a toy disk has nothing that can break", repair.summary());

        Path misnamed = Files.copy(toy, dir.resolve("d.vhdx"));
        InvalidImageException wrongName = assertThrows(InvalidImageException.class, () -> images.open(misnamed, false));
        assertEquals("d.vhdx holds a TOY image but is named .vhdx; Windows picks the format by extension, so rename"
                + " it .toy", wrongName.getMessage());
        Path junk = Files.write(dir.resolve("e.vhd"), new byte[4096]);
        InvalidImageException noSignature = assertThrows(InvalidImageException.class, () -> images.open(junk, false));
        assertEquals("e.vhd is not a TOY or VHD or VHDX image: no signature found", noSignature.getMessage());
        UnsupportedFormatException noChildren = assertThrows(UnsupportedFormatException.class,
                () -> images.createChild(dir.resolve("f.toy"), toy));
        assertEquals("a toy file cannot be a parent; convert it to .vhdx first", noChildren.getMessage());
    }
}
