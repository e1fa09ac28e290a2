package org.vhdboot.disk.vhd;

import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Points a differencing VHD at another parent. The dynamic header holds the whole link (parent id, time stamp,
 * name, locator entries) and is the one structure that changes; the new locator data goes into fresh space first.
 * In order: the footer moves to the new end of the file (flushed), then the locator data and a copy of the new
 * header are written where it was, just before it (flushed), then the header in place (flushed). Until that last
 * write the old link stands. The header is 1024 bytes, two sectors, so a crash can tear it: {@link #finish} puts the
 * copy in place, which is idempotent; the caller's journal runs it before anything reads the child again.
 */
final class VhdRelink {
    private static final int SECTOR = 512;
    /** The header's fields a relink never changes: data offset, table offset, version, entries, block size. */
    private static final int FIXED_FROM = 8;
    private static final int FIXED_TO = 36;

    private final ParentPaths paths;

    VhdRelink(ParentPaths paths) {
        this.paths = paths;
    }

    /**
     * @param file a differencing VHD the caller opened writable and checked
     * @param parentId the new parent's unique id
     * @param parentTimestamp the new parent's modification time, in VHD form
     * @param windowsFolder the parent's folder as Windows will see it, when relinking outside Windows
     */
    void relink(Storage file, Path parent, UUID parentId, int parentTimestamp, Optional<String> windowsFolder)
            throws IOException {
        Path child = file.path();
        String name = child.getFileName().toString();
        long footerOffset = file.size() - VhdFooter.SIZE;
        byte[] footerBytes = file.readBytes(footerOffset, VhdFooter.SIZE);
        VhdFooter footer = VhdFooter.parse(footerBytes, name);
        DynamicHeader old = DynamicHeader.parse(file.readBytes(footer.dataOffset(), DynamicHeader.SIZE), name);
        byte[] absolute = paths.absolute(parent, windowsFolder).getBytes(StandardCharsets.UTF_16LE);
        byte[] relative = paths.relative(child.toAbsolutePath().getParent(), parent)
                .getBytes(StandardCharsets.UTF_16LE);
        int absoluteSpace = reserve(absolute.length);
        int relativeSpace = reserve(relative.length);
        long absoluteAt = footerOffset;
        long relativeAt = absoluteAt + absoluteSpace;
        long copyAt = relativeAt + relativeSpace;
        DynamicHeader header = new DynamicHeader(old.tableOffset(), old.maxTableEntries(), old.blockSize(), parentId,
                parentTimestamp, parent.getFileName().toString(), List.of(
                        new ParentLocatorEntry(ParentLocatorEntry.W2KU, absoluteSpace, absolute.length, absoluteAt),
                        new ParentLocatorEntry(ParentLocatorEntry.W2RU, relativeSpace, relative.length, relativeAt)));
        byte[] headerBytes = header.toBytes();
        ByteBuffer fresh = ByteBuffer.allocate(absoluteSpace + relativeSpace + DynamicHeader.SIZE);
        fresh.put(0, absolute).put(absoluteSpace, relative).put(absoluteSpace + relativeSpace, headerBytes);
        // As a block allocation does: the footer first, so the file never ends without one.
        file.writeBytes(copyAt + DynamicHeader.SIZE, footerBytes);
        file.force();
        file.writeBytes(absoluteAt, fresh.array());
        file.force();
        file.writeBytes(footer.dataOffset(), headerBytes);
        file.force();
    }

    /**
     * Completes a relink to {@code parentId} that a crash interrupted while it wrote the header: when the copy just
     * before the footer is a header for that parent with this file's fixed fields, and the header in place differs
     * from it, the copy goes in place. Otherwise the header was never touched, or is complete, and nothing is done.
     *
     * @return whether the header was written
     */
    boolean finish(Storage file, UUID parentId) throws IOException {
        String name = file.path().getFileName().toString();
        long footerOffset = file.size() - VhdFooter.SIZE;
        VhdFooter footer = VhdFooter.parse(file.readBytes(footerOffset, VhdFooter.SIZE), name);
        long copyAt = footerOffset - DynamicHeader.SIZE;
        if (footer.dataOffset() < SECTOR || copyAt < footer.dataOffset() + DynamicHeader.SIZE) {
            return false;
        }
        byte[] copy = file.readBytes(copyAt, DynamicHeader.SIZE);
        byte[] inPlace = file.readBytes(footer.dataOffset(), DynamicHeader.SIZE);
        if (Arrays.equals(copy, inPlace) || !isHeaderFor(copy, parentId, name)
                || !Arrays.equals(copy, FIXED_FROM, FIXED_TO, inPlace, FIXED_FROM, FIXED_TO)) {
            return false;
        }
        file.writeBytes(footer.dataOffset(), copy);
        file.force();
        return true;
    }

    private static boolean isHeaderFor(byte[] bytes, UUID parentId, String name) {
        try {
            return DynamicHeader.parse(bytes, name + " header copy").parentUniqueId().equals(parentId);
        } catch (InvalidImageException e) {
            return false;
        }
    }

    private static int reserve(int bytes) {
        return Math.max(SECTOR, (bytes + SECTOR - 1) / SECTOR * SECTOR);
    }
}
