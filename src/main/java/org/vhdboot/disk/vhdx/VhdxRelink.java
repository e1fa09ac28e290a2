package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.Durability;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Points a differencing VHDX at another parent: a new parent locator item (the parent's DataWriteGuid as
 * {@code parent_linkage}, relative and absolute paths) written through the log ({@link LoggedUpdate}), so a crash
 * leaves the old link or the new one. Nothing a reader sees changes, so the child keeps its DataWriteGuid and its
 * own children stay valid. The caller makes sure the new parent reads, under this child, as the old one did.
 */
final class VhdxRelink {
    /** Metadata regions are 1 MiB in practice; a larger one is not read whole. */
    private static final long MAX_METADATA_REGION = 32L << 20;
    private static final int SECTOR = LogEntryWriter.SECTOR;

    private final ParentPaths paths;

    VhdxRelink(ParentPaths paths) {
        this.paths = paths;
    }

    /**
     * @param file a differencing VHDX, open writable, whose log is empty ({@link #finish} replays one)
     * @param parentLinkId the new parent's DataWriteGuid
     * @param windowsFolder the parent's folder as Windows will see it, when relinking outside Windows
     * @return false when the child's locator already says exactly this, so nothing was written
     */
    boolean relink(Storage file, Path parent, UUID parentLinkId, Optional<String> windowsFolder) throws IOException {
        String name = file.path().getFileName().toString();
        HeaderSlots headers = HeaderSlots.read(file, name, Durability.SAFE);
        if (!headers.current().logEmpty()) {
            throw new InvalidImageException(name + " has a log to replay before its parent link can change");
        }
        RegionTable.Entry region = metadataRegion(file, name);
        byte[] before = file.readBytes(region.fileOffset(), (int) region.length());
        MetadataTable table = MetadataTable.parse(Arrays.copyOf(before, MetadataTable.TABLE_SIZE), region.length(),
                name);
        byte[] locator = locator(file.path(), parent, parentLinkId, windowsFolder).toBytes();
        byte[] after = withLocator(before, table, locator, name);
        if (Arrays.equals(before, after)) {
            return false;
        }
        new LoggedUpdate(file, headers).apply(changedSectors(region.fileOffset(), before, after));
        return true;
    }

    /**
     * Finishes a relink a crash interrupted after its log entry became current: the log is replayed into the
     * file, as a writable open would. Does nothing when the log is empty.
     */
    static void finish(Storage file) throws IOException {
        String name = file.path().getFileName().toString();
        LogReplay.apply(file, HeaderSlots.read(file, name, Durability.SAFE), VhdxOpenMode.REPLAY_IN_FILE, name);
    }

    private static RegionTable.Entry metadataRegion(Storage file, String name) throws IOException {
        RegionTable table = RegionTable.read(file, name, new ArrayList<>());
        RegionTable.Entry region = table.find(RegionTable.METADATA).orElseThrow(() ->
                new InvalidImageException(name + ": no metadata region"));
        if (region.length() > MAX_METADATA_REGION || region.length() % SECTOR != 0
                || region.length() < MetadataTable.TABLE_SIZE || region.fileOffset() % SECTOR != 0) {
            throw new InvalidImageException(name + ": a metadata region of " + region.length() + " bytes at "
                    + region.fileOffset() + " is not one vhdboot relinks");
        }
        return region;
    }

    /** The item a new child of {@code parent} at {@code child} would get, as {@link VhdxBuilder} writes it. */
    private ParentLocatorItem locator(Path child, Path parent, UUID parentLinkId, Optional<String> windowsFolder) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(ParentLocatorItem.PARENT_LINKAGE, MsGuid.braced(parentLinkId));
        entries.put(ParentLocatorItem.RELATIVE_PATH, paths.relative(child.toAbsolutePath().getParent(), parent));
        entries.put(ParentLocatorItem.ABSOLUTE_WIN32_PATH, paths.absoluteWin32(parent, windowsFolder));
        return new ParentLocatorItem(entries);
    }

    /**
     * The metadata region with {@code locator} as its parent locator item. Every other item stays where it is; the
     * locator stays in place when it fits there, and otherwise goes after the last item.
     */
    private static byte[] withLocator(byte[] region, MetadataTable table, byte[] locator, String name)
            throws InvalidImageException {
        MetadataTable.Entry old = table.find(MetadataTable.PARENT_LOCATOR).orElseThrow(() ->
                new InvalidImageException(name + ": a differencing VHDX without a parent locator"));
        long end = MetadataTable.TABLE_SIZE;
        boolean fitsInPlace = old.offset() >= MetadataTable.TABLE_SIZE && old.offset() + locator.length <= region.length;
        for (MetadataTable.Entry entry : table.entries()) {
            if (entry == old || entry.length() == 0) {
                continue;
            }
            end = Math.max(end, entry.offset() + entry.length());
            if (entry.offset() < old.offset() + locator.length && old.offset() < entry.offset() + entry.length()) {
                fitsInPlace = false;
            }
        }
        long offset = fitsInPlace ? old.offset() : (end + 7) / 8 * 8;
        if (offset + locator.length > region.length) {
            throw new InvalidImageException(name + ": the metadata region has no room for a parent locator of "
                    + locator.length + " bytes");
        }
        List<MetadataTable.Entry> entries = new ArrayList<>();
        for (MetadataTable.Entry entry : table.entries()) {
            entries.add(entry != old ? entry : new MetadataTable.Entry(old.itemId(), offset, locator.length,
                    old.user(), old.virtualDisk(), old.required()));
        }
        byte[] updated = region.clone();
        byte[] tableBytes = new MetadataTable(entries).toBytes();
        System.arraycopy(tableBytes, 0, updated, 0, tableBytes.length);
        System.arraycopy(locator, 0, updated, (int) offset, locator.length);
        return updated;
    }

    private static List<LogEntryWriter.SectorWrite> changedSectors(long regionOffset, byte[] before, byte[] after) {
        List<LogEntryWriter.SectorWrite> writes = new ArrayList<>();
        for (int at = 0; at < after.length; at += SECTOR) {
            if (!Arrays.equals(before, at, at + SECTOR, after, at, at + SECTOR)) {
                writes.add(new LogEntryWriter.SectorWrite(regionOffset + at, Arrays.copyOfRange(after, at, at + SECTOR)));
            }
        }
        return writes;
    }
}
