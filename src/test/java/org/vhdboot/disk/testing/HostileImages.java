package org.vhdboot.disk.testing;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The crafted images of issue 10, each small on disk, each built to cost a naive reader unbounded memory or
 * time, or to make it call a damaged image healthy. Built by hand from the specifications with the test-side
 * editors; {@code main} writes them all into a folder for measuring the CLI from outside.
 */
public final class HostileImages {
    private static final long MIB = 1 << 20;
    private static final long TIB = 1L << 40;

    private final Path dir;
    private final DiskImages images = new DiskImages();

    public HostileImages(Path dir) {
        this.dir = dir;
    }

    /** Every hostile image by name. */
    public Map<String, Path> all() throws IOException {
        Map<String, Path> all = new LinkedHashMap<>();
        all.put("zero-descriptor-1tib", zeroDescriptorOfOneTib());
        all.put("last-file-offset-2tib", lastFileOffsetOfTwoTib());
        all.put("every-sector-claims-the-log", everySectorClaimsTheWholeLog());
        all.put("sparse-vhd-512mib-bat", sparseVhdWithHugeBat());
        all.put("vhd-512-byte-blocks", vhdWithTinyBlocks(512));
        all.put("vhd-1k-blocks", vhdWithTinyBlocks(1024));
        all.put("bat-entry-2pow63", batEntryAtTwoPow63());
        all.put("descriptor-at-7fff", descriptorAt(0x7FFFFFFFFFFFF000L));
        all.put("descriptor-negative", descriptorAt(-4096));
        all.put("vhd-trailing-footer-damaged", vhdWithDamagedTrailingFooter());
        all.put("headers-equal-sequence", vhdxHeadersWithEqualSequence());
        all.put("largest-vhdx-bat-in-64mib", largestVhdxBat());
        all.put("largest-vhd-bat", largestVhdBat());
        return all;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (Map.Entry<String, Path> image : new HostileImages(dir).all().entrySet()) {
            System.out.println(image.getKey() + "\t" + image.getValue());
        }
    }

    /** A fresh folder per image: opening an image for writing reads its neighbours, which must not be hostile. */
    private Path folder(String name) throws IOException {
        Path folder = dir.resolve(name);
        Files.createDirectories(folder);
        try (java.util.stream.Stream<Path> old = Files.list(folder)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        return folder;
    }

    /** A dynamic VHDX with 1 MiB blocks and data in a few of them: a file of about 6 MiB. */
    private Path vhdxWithData(String name) throws IOException {
        Path image = folder(name).resolve(name + ".vhdx");
        images.create(image, ImageSpec.dynamic(16 * MIB).withBlockSize(MIB));
        try (Chain chain = images.open(image, true)) {
            chain.write(0, ByteBuffer.wrap(PatternBytes.of(1, 64 * 1024)));
            chain.write(5 * MIB, ByteBuffer.wrap(PatternBytes.of(2, 64 * 1024)));
            chain.flush();
        }
        return image;
    }

    /** The log of {@code image} holds {@code entry} at its start and is marked in use. */
    private static void dirtyLog(Path image, UUID logGuid, byte[] entry) throws IOException {
        VhdxLogWriter log = new VhdxLogWriter(image);
        log.put(0, entry);
        log.activate(logGuid);
    }

    /** Issue 10: a 6 MiB VHDX whose dirty log zeroes 1 TiB past its end. */
    public Path zeroDescriptorOfOneTib() throws IOException {
        Path image = vhdxWithData("zero-descriptor-1tib");
        long end = Files.size(image);
        UUID logGuid = UUID.randomUUID();
        dirtyLog(image, logGuid, new LogEntryBuilder(logGuid, 7).fileOffsets(end, end + TIB).zero(end, TIB).build());
        return image;
    }

    /**
     * Issue 10: a log whose LastFileOffset is 2 TiB, and a region table that puts a 249 MiB BAT for a 31 TiB disk
     * in the zeros past the end of the 8 MiB file.
     */
    public Path lastFileOffsetOfTwoTib() throws IOException {
        Path image = vhdxWithData("last-file-offset-2tib");
        VhdxFileEditor editor = new VhdxFileEditor(image);
        long end = Files.size(image);
        long sizeItem = editor.metadataItemOffset(UUID.fromString("2FA54224-CD1B-4876-B211-5DBED83BF4B8"));
        FileBytes.write(image, sizeItem, ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(0, 31 * TIB).array());
        int bat = editor.regionEntryIndex(VhdxFileEditor.BAT_REGION);
        editor.patchRegionTables(t -> t.putLong(16 + 32 * bat + 16, TIB).putInt(16 + 32 * bat + 24, (int) (249 * MIB)));
        UUID logGuid = UUID.randomUUID();
        long sector = sizeItem / 4096 * 4096;
        dirtyLog(image, logGuid, new LogEntryBuilder(logGuid, 9).fileOffsets(end, 2 * TIB)
                .data(sector, FileBytes.read(image, sector, 4096)).build());
        return image;
    }

    /**
     * Issue 10: a 16 MiB log in which one small valid entry is followed by sectors that each start an entry header
     * claiming the whole log, with a wrong checksum: a reader that checksums every claim does quadratic work.
     */
    public Path everySectorClaimsTheWholeLog() throws IOException {
        Path image = vhdxWithData("every-sector-claims-the-log");
        VhdxFileEditor editor = new VhdxFileEditor(image);
        long logOffset = (Files.size(image) + MIB - 1) / MIB * MIB;
        int logLength = (int) (16 * MIB);
        FileBytes.setSize(image, logOffset + logLength);
        editor.rewriteHeaders(h -> h.putInt(68, logLength).putLong(72, logOffset));
        UUID logGuid = UUID.randomUUID();
        long end = logOffset + logLength;
        byte[] log = new byte[logLength];
        byte[] valid = new LogEntryBuilder(logGuid, 1000).fileOffsets(end, end).build();
        System.arraycopy(valid, 0, log, 0, valid.length);
        for (int at = valid.length; at < logLength; at += 4096) {
            ByteBuffer claim = VhdxFileEditor.le(log).position(at).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            claim.put(0, "loge".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            claim.putInt(8, logLength);
            claim.putLong(16, 999);
            claim.put(32, GuidBytes.encode(logGuid));
            claim.putLong(48, end);
            claim.putLong(56, end);
        }
        FileBytes.write(image, logOffset, log);
        new VhdxLogWriter(image).activate(logGuid);
        return image;
    }

    /** A dynamic VHD of 8 MiB with 2 MiB blocks and data in its first block. */
    private Path vhdWithData(String name) throws IOException {
        Path image = folder(name).resolve(name + ".vhd");
        images.create(image, ImageSpec.dynamic(8 * MIB));
        try (Chain chain = images.open(image, true)) {
            chain.write(0, ByteBuffer.wrap(PatternBytes.of(3, 64 * 1024)));
            chain.flush();
        }
        return image;
    }

    /**
     * Moves the trailing footer of a dynamic VHD to the end of a sparse file of {@code apparentSize} bytes and
     * declares {@code entries} BAT entries of {@code blockSize} bytes for {@code virtualSize}.
     */
    private static void inflate(Path image, long apparentSize, long virtualSize, int blockSize, long entries)
            throws IOException {
        VhdFileEditor editor = new VhdFileEditor(image);
        byte[] footer = editor.footer();
        FileBytes.setSize(image, apparentSize - 512);
        FileBytes.write(image, apparentSize - 512, footer);
        editor.patchFooter(f -> f.putLong(40, virtualSize).putLong(48, virtualSize));
        editor.patchHeader(h -> h.putInt(28, (int) entries).putInt(32, blockSize));
    }

    /** Issue 10: a sparse VHD of 512 MiB apparent size whose BAT claims nearly all of it. */
    public Path sparseVhdWithHugeBat() throws IOException {
        Path image = vhdWithData("sparse-vhd-512mib-bat");
        long entries = (500 * MIB) / 4;
        inflate(image, 512 * MIB, entries * 4096, 4096, entries);
        return image;
    }

    /** Issue 10: a VHD with 512-byte or 1 KiB blocks whose BAT byte count overflows a 32-bit size. */
    public Path vhdWithTinyBlocks(int blockSize) throws IOException {
        Path image = vhdWithData("vhd-" + blockSize + "-byte-blocks");
        long entries = 0x3F800000L;
        inflate(image, 4 * entries + 64 * MIB, Math.min(entries * blockSize, 2040L << 30) / 512 * 512, blockSize,
                entries);
        return image;
    }

    /** Issue 10: a BAT entry marked fully present at file offset 2^63. */
    public Path batEntryAtTwoPow63() throws IOException {
        Path image = vhdxWithData("bat-entry-2pow63");
        new VhdxFileEditor(image).setBatEntry(2, Long.MIN_VALUE | 6);
        return image;
    }

    /** Issue 10: a dirty log with a data descriptor at {@code fileOffset}. */
    public Path descriptorAt(long fileOffset) throws IOException {
        Path image = vhdxWithData("descriptor-at-" + Long.toHexString(fileOffset));
        long end = Files.size(image);
        UUID logGuid = UUID.randomUUID();
        dirtyLog(image, logGuid, new LogEntryBuilder(logGuid, 11).fileOffsets(end, end)
                .data(fileOffset, PatternBytes.of(4, 4096)).build());
        return image;
    }

    /** Issue 10: a dynamic VHD whose trailing footer has a wrong checksum while the copy at offset 0 is intact. */
    public Path vhdWithDamagedTrailingFooter() throws IOException {
        Path image = vhdWithData("vhd-trailing-footer-damaged");
        FileBytes.flipByte(image, new VhdFileEditor(image).footerOffset() + 100);
        return image;
    }

    /**
     * Not hostile but the heaviest honest input under 64 MiB: an empty 7 TiB VHDX of 1 MiB blocks, whose BAT
     * of 7.3 million entries fills most of its 60 MiB.
     */
    public Path largestVhdxBat() throws IOException {
        Path image = folder("largest-vhdx-bat").resolve("largest-vhdx-bat.vhdx");
        images.create(image, ImageSpec.dynamic(7 * TIB).withBlockSize(MIB));
        return image;
    }

    /** The largest VHD Windows makes with its smallest blocks: 2040 GiB of 512 KiB blocks, a 16 MiB BAT. */
    public Path largestVhdBat() throws IOException {
        Path image = folder("largest-vhd-bat").resolve("largest-vhd-bat.vhd");
        images.create(image, ImageSpec.dynamic(2040L << 30).withBlockSize(512 << 10));
        return image;
    }

    /** Issue 10: two valid VHDX headers with the same sequence number and different DataWriteGuids. */
    public Path vhdxHeadersWithEqualSequence() throws IOException {
        Path image = vhdxWithData("headers-equal-sequence");
        VhdxFileEditor editor = new VhdxFileEditor(image);
        int current = editor.currentSlot();
        byte[] other = editor.header(current);
        ByteBuffer b = VhdxFileEditor.le(other);
        b.put(32, GuidBytes.encode(UUID.randomUUID()));
        b.putInt(4, VhdxFileEditor.crc32c(other, 4));
        FileBytes.write(image, VhdxFileEditor.HEADER_SLOTS[1 - current], other);
        return image;
    }
}
