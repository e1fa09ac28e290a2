package org.vhdboot.disk.testing.fuzz;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.testing.FileBytes;
import org.vhdboot.disk.testing.LogEntryBuilder;
import org.vhdboot.disk.testing.PatternBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;
import org.vhdboot.disk.testing.VhdxLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the seed images the fuzzer mutates, stored gzipped in {@code src/test/resources/fuzz/seeds}: VHD fixed,
 * dynamic and differencing, VHDX dynamic and differencing each with a dirty log, and a VHDX of 4 KiB sectors.
 * Each case is a folder whose {@code top.*} is the image commands run on; a parent sits beside it. Run again
 * only to change the seeds: {@code java -cp ... org.vhdboot.disk.testing.fuzz.FuzzSeeds src/test/resources/fuzz/seeds}.
 */
public final class FuzzSeeds {
    private static final int MIB = 1 << 20;
    private static final long KIB = 1024;

    private final DiskImages images = new DiskImages();

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path work = Files.createTempDirectory("fuzz-seeds");
        FuzzSeeds seeds = new FuzzSeeds();
        seeds.vhdFixed(Files.createDirectories(work.resolve("vhd-fixed")));
        seeds.vhdDynamic(Files.createDirectories(work.resolve("vhd-dynamic")), "top.vhd");
        seeds.vhdDifferencing(Files.createDirectories(work.resolve("vhd-differencing")));
        seeds.vhdxDynamicDirty(Files.createDirectories(work.resolve("vhdx-dynamic-dirty-log")));
        seeds.vhdxDifferencingDirty(Files.createDirectories(work.resolve("vhdx-differencing-dirty-log")));
        seeds.vhdx4k(Files.createDirectories(work.resolve("vhdx-4k-sectors")));
        try (var cases = Files.list(work)) {
            for (Path folder : cases.toList()) {
                Path target = Files.createDirectories(out.resolve(folder.getFileName()));
                try (var files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(
                                target.resolve(file.getFileName() + ".gz")))) {
                            Files.copy(file, gz);
                        }
                    }
                }
            }
        }
    }

    /** A few short writes: data in some blocks and sectors, the rest unallocated. */
    private void writeSome(Path image, long size, long seed) throws IOException {
        try (Chain chain = images.open(image, true)) {
            chain.write(0, ByteBuffer.wrap(PatternBytes.of(seed, 1024)));
            chain.write(size / 2 + 4096, ByteBuffer.wrap(PatternBytes.of(seed + 1, 8192)));
            chain.write(size - 700, ByteBuffer.wrap(PatternBytes.of(seed + 2, 700)));
            chain.flush();
        }
    }

    private void vhdFixed(Path folder) throws IOException {
        Path image = folder.resolve("top.vhd");
        images.create(image, ImageSpec.fixed(MIB));
        writeSome(image, MIB, 1);
    }

    private Path vhdDynamic(Path folder, String name) throws IOException {
        Path image = folder.resolve(name);
        images.create(image, ImageSpec.dynamic(4 * MIB).withBlockSize(512 * KIB));
        writeSome(image, 4 * MIB, 2);
        return image;
    }

    private void vhdDifferencing(Path folder) throws IOException {
        Path parent = vhdDynamic(folder, "parent.vhd");
        Path child = folder.resolve("top.vhd");
        images.createChild(child, parent);
        writeSome(child, 4 * MIB, 3);
        // As Windows 10 records it: no parent time stamp, so a copied parent's new time is no warning.
        new org.vhdboot.disk.testing.VhdFileEditor(child).patchHeader(h -> h.putInt(56, 0));
    }

    private Path vhdxDynamic(Path folder, String name, ImageSpec spec) throws IOException {
        Path image = folder.resolve(name);
        images.create(image, spec);
        writeSome(image, spec.size(), 4);
        return image;
    }

    /** A log of two entries: one allocates a block (BAT sector, data, zeros), one rewrites a metadata sector. */
    private static void dirtyLog(Path image, long block, long blockSize) throws IOException {
        VhdxFileEditor editor = new VhdxFileEditor(image);
        UUID logGuid = UUID.randomUUID();
        long end = Files.size(image);
        long batSector = (editor.batOffset() + 8 * block) / 4096 * 4096;
        byte[] bat = FileBytes.read(image, batSector, 4096);
        VhdxFileEditor.le(bat).putLong((int) (editor.batOffset() + 8 * block - batSector), VhdxFileEditor.batEntry(6, end));
        byte[] first = new LogEntryBuilder(logGuid, 41).tail(0).fileOffsets(end, end + blockSize)
                .data(batSector, bat).data(end, PatternBytes.of(5, 4096)).zero(end + 4096, blockSize - 4096).build();
        long item = editor.metadataItemOffset(VhdxFileEditor.PHYSICAL_SECTOR_SIZE_ITEM);
        byte[] metadata = FileBytes.read(image, item / 4096 * 4096, 4096);
        VhdxFileEditor.le(metadata).putInt((int) (item % 4096), 512);
        byte[] second = new LogEntryBuilder(logGuid, 42).tail(0).fileOffsets(end, end + blockSize)
                .data(item / 4096 * 4096, metadata).build();
        VhdxLogWriter log = new VhdxLogWriter(image);
        log.put(0, first);
        log.put(first.length, second);
        log.activate(logGuid);
    }

    private void vhdxDynamicDirty(Path folder) throws IOException {
        Path image = vhdxDynamic(folder, "top.vhdx", ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        dirtyLog(image, 2, MIB);
    }

    private void vhdxDifferencingDirty(Path folder) throws IOException {
        Path parent = vhdxDynamic(folder, "parent.vhdx", ImageSpec.dynamic(8 * MIB).withBlockSize(MIB));
        Path child = folder.resolve("top.vhdx");
        images.createChild(child, parent);
        writeSome(child, 8 * MIB, 6);
        dirtyLog(child, 3, 2 * MIB);
    }

    private void vhdx4k(Path folder) throws IOException {
        vhdxDynamic(folder, "top.vhdx", ImageSpec.dynamic(8 * MIB).withBlockSize(MIB).withSectorSizes(4096, 4096));
    }
}
