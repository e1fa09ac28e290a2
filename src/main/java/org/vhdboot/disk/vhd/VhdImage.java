package org.vhdboot.disk.vhd;

import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.FileRegions;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.LayerInfo;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.StoredLayer;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An open VHD file (fixed, dynamic or differencing): its footer, dynamic header, BAT and parent link as read and
 * checked at open, where each structure checks itself against the file, and its content ({@link VhdContent}),
 * which reads and writes the virtual disk.
 */
final class VhdImage extends StoredLayer<VhdContent> {
    private static final int SECTOR = 512;

    private final FooterCopies footers;
    private final VhdFooter footer;
    private final DynamicHeader header;
    private final BlockAllocationTable bat;
    private final VhdParentLink parentLink;
    private final FileRegions regions;

    private VhdImage(Storage storage, FooterCopies footers, DynamicHeader header, BlockAllocationTable bat,
                     VhdParentLink parentLink, FileRegions regions, VhdContent content) {
        super(storage, content, parentLink);
        this.footers = footers;
        this.footer = footers.footer();
        this.header = header;
        this.bat = bat;
        this.parentLink = parentLink;
        this.regions = regions;
    }

    /** Opens and validates a VHD. Takes ownership of {@code storage}. */
    static VhdImage open(Storage storage, Durability durability, ParentPaths paths) throws IOException {
        String name = storage.path().getFileName().toString();
        long fileSize = storage.size();
        if (fileSize < VhdFooter.SIZE) {
            throw new InvalidImageException(name + " is too small to be a VHD (" + fileSize + " bytes)");
        }
        long footerOffset = fileSize - VhdFooter.SIZE;
        FooterCopies footers = FooterCopies.read(storage, name);
        VhdFooter footer = footers.footer();
        FileRegions regions = new FileRegions();
        if (footer.type() == DiskType.FIXED) {
            if (footerOffset < footer.currentSize()) {
                throw new InvalidImageException(name + ": fixed VHD declares " + footer.currentSize()
                        + " bytes of data but the file holds only " + footerOffset + "; it is truncated");
            }
            return new VhdImage(storage, footers, null, null, null, regions,
                    new VhdContent(storage, footers, null, null, footerOffset, durability));
        }
        regions.add("the footer copy", 0, VhdFooter.SIZE);
        DynamicHeader header = DynamicHeader.read(storage, footer, footerOffset, regions, name);
        VhdParentLink link = footer.type() == DiskType.DIFFERENCING
                ? VhdParentLink.read(storage, footer, header, footerOffset, regions, paths) : null;
        BlockAllocationTable bat = BlockAllocationTable.read(storage, header.tableOffset(),
                (int) Integer.toUnsignedLong(header.maxTableEntries()));
        bat.validate(name, header.bitmapSize() + (long) header.blockSize(), footerOffset, regions);
        return new VhdImage(storage, footers, header, bat, link, regions,
                new VhdContent(storage, footers, header, bat, footerOffset, durability));
    }

    public VhdFooter footer() {
        return footer;
    }

    public Optional<DynamicHeader> header() {
        return Optional.ofNullable(header);
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.VHD;
    }

    @Override
    public DiskType type() {
        return footer.type();
    }

    @Override
    public long virtualSize() {
        return footer.currentSize();
    }

    @Override
    public int logicalSectorSize() {
        return SECTOR;
    }

    @Override
    public long blockSize() {
        return header == null ? 0 : header.blockSize();
    }

    @Override
    public Optional<UUID> linkId() {
        return Optional.of(footer.uniqueId());
    }

    @Override
    public LayerInfo info() throws IOException {
        long fileSize = storage.size();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("created", VhdTimestamp.toInstant(footer.timestamp()).toString());
        details.put("geometry", footer.geometry().toString());
        details.put("original_size", footer.originalSize());
        details.put("features", String.format("0x%08X", footer.features()));
        details.put("saved_state", footer.savedState() != 0);
        long blockSize = 0;
        if (header != null) {
            blockSize = header.blockSize();
            int used = bat.allocatedCount();
            details.put("header_offset", footer.dataOffset());
            details.put("bat_offset", header.tableOffset());
            details.put("bat_entries", bat.size());
            details.put("allocated_blocks", used);
        }
        return new LayerInfo(path().toString(), DiskFormat.VHD, type(), virtualSize(), fileSize, storedBytes(),
                blockSize, SECTOR, SECTOR, footer.uniqueId().toString(), footer.creator(), details, parentLinkFields());
    }

    @Override
    public List<String> check() throws IOException {
        List<String> problems = new ArrayList<>(findings());
        if ((footer.features() & VhdFooter.FEATURES_RESERVED) == 0) {
            problems.add(name + ": footer features field lacks the reserved bit 0x2");
        }
        if (header == null) {
            return problems;
        }
        problems.addAll(bat.overlaps(name, header.bitmapSize() + (long) header.blockSize(), storage.size()));
        for (FileRegions.Region locator : regions.all()) {
            if (!locator.name().startsWith(VhdParentLink.LOCATOR_REGION)) {
                continue;
            }
            for (FileRegions.Region structure : regions.all()) {
                if (!structure.name().startsWith(VhdParentLink.LOCATOR_REGION) && structure.overlaps(locator)) {
                    problems.add(name + ": a parent locator's data at offset " + locator.start()
                            + " overlaps the footer copy, header or BAT");
                }
            }
        }
        if (parentLink != null) {
            Map<String, String> fields = parentLink.fields();
            if (!fields.containsKey("W2ru") && !fields.containsKey("W2ku")) {
                problems.add(name + ": differencing image has neither a W2ru nor a W2ku parent locator;"
                        + " Windows may not find its parent");
            }
        }
        return problems;
    }

    /** A damaged footer at the end of the file, read through its copy at offset 0. */
    @Override
    public List<String> findings() {
        if (!footers.trailingDamaged()) {
            return List.of();
        }
        return List.of(footers.trailingDamage() + "; the copy at offset 0 is in use (`vhdboot vhd check --repair`"
                + " rewrites the footer from it)");
    }

    /** Whether {@code check --repair} has work here: a damaged footer at the end of the file. */
    boolean needsRepair() {
        return footers.trailingDamaged();
    }

    /** Writes the footer in use (the intact copy) over the damaged one at the end: one sector, then a flush. */
    void rewriteFooter() throws IOException {
        storage.writeBytes(content.footerOffset(), footers.bytes());
        storage.force();
    }
}
