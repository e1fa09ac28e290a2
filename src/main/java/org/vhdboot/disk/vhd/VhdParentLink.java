package org.vhdboot.disk.vhd;

import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.FileRegions;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A differencing VHD's record of its parent: unique id, time stamp, name and the W2ru/W2ku locators. */
final class VhdParentLink implements ParentLink {
    /** How {@link #read} names a locator's data in the file's regions. */
    static final String LOCATOR_REGION = "parent locator ";
    private static final int SECTOR = 512;
    private static final int MAX_LOCATOR_BYTES = 65536;
    private final UUID parentUniqueId;
    private final int parentTimestamp;
    private final String headerName;
    private final String relativeLocator;
    private final String absoluteLocator;
    private final long childSize;
    private final ParentPaths paths;

    VhdParentLink(DynamicHeader header, Map<Integer, String> locators, long childSize, ParentPaths paths) {
        this.parentUniqueId = header.parentUniqueId();
        this.parentTimestamp = header.parentTimestamp();
        this.headerName = header.parentUnicodeName();
        this.relativeLocator = locators.get(ParentLocatorEntry.W2RU);
        this.absoluteLocator = locators.get(ParentLocatorEntry.W2KU);
        this.childSize = childSize;
        this.paths = paths;
    }

    /**
     * The link of a differencing VHD: its header's parent fields and the data of its W2ru and W2ku locators, each
     * range-checked against the file and registered in {@code regions}.
     */
    static VhdParentLink read(Storage storage, VhdFooter footer, DynamicHeader header, long footerOffset,
                              FileRegions regions, ParentPaths paths) throws IOException {
        String name = storage.path().getFileName().toString();
        Map<Integer, String> values = new LinkedHashMap<>();
        for (ParentLocatorEntry locator : header.locators()) {
            if (!locator.used() || locator.dataLength() == 0) {
                continue;
            }
            long start = locator.dataOffset();
            long length = Integer.toUnsignedLong(locator.dataLength());
            if (start < VhdFooter.SIZE || length > MAX_LOCATOR_BYTES || start > footerOffset - length) {
                throw new InvalidImageException(name + ": parent locator " + locator.platformName()
                        + " points outside the file (offset " + start + ", " + length + " bytes)");
            }
            regions.add(LOCATOR_REGION + locator.platformName(), start, (length + SECTOR - 1) / SECTOR * SECTOR);
            values.putIfAbsent(locator.platformCode(), locator.decode(storage.readBytes(start, (int) length)));
        }
        return new VhdParentLink(header, values, footer.currentSize(), paths);
    }

    @Override
    public List<ParentCandidate> candidates(Path childFolder) {
        List<ParentCandidate> out = new ArrayList<>();
        paths.resolveRelative(childFolder, relativeLocator)
                .ifPresent(p -> out.add(new ParentCandidate("W2ru", relativeLocator, p)));
        paths.resolveAbsolute(absoluteLocator)
                .ifPresent(p -> out.add(new ParentCandidate("W2ku", absoluteLocator, p)));
        if (headerName != null && !headerName.isBlank()) {
            paths.resolveRelative(childFolder, ParentPaths.fileName(headerName))
                    .ifPresent(p -> out.add(new ParentCandidate("parent name", headerName, p)));
        }
        return out;
    }

    @Override
    public List<String> verify(Layer parent) throws IOException {
        String parentName = parent.path().getFileName().toString();
        if (parent.format() != DiskFormat.VHD) {
            throw new ParentLinkException("a VHD child cannot have a " + parent.format() + " parent ("
                    + parentName + "); parent and child must be the same format");
        }
        UUID actual = parent.linkId().orElseThrow();
        if (!actual.equals(parentUniqueId)) {
            throw new ParentLinkException("parent id mismatch: the child expects " + parentUniqueId + " but "
                    + parentName + " is " + actual + "; the parent was replaced after the child was made");
        }
        if (parent.virtualSize() != childSize) {
            throw new ParentLinkException("parent size mismatch: the child is " + childSize + " bytes but "
                    + parentName + " is " + parent.virtualSize());
        }
        List<String> warnings = new ArrayList<>();
        Instant modified = Files.getLastModifiedTime(parent.path()).toInstant();
        int actualStamp = VhdTimestamp.fromInstant(modified);
        // Windows 10 records 0 (2000-01-01) in the children it makes: no time stamp, nothing to compare.
        if (parentTimestamp != 0 && actualStamp != parentTimestamp) {
            warnings.add("parent time stamp differs: the child recorded " + VhdTimestamp.toInstant(parentTimestamp)
                    + " but " + parentName + " was last modified " + modified.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    + "; if the parent's data changed, the child is corrupt");
        }
        return warnings;
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("parent_unique_id", parentUniqueId.toString());
        fields.put("parent_timestamp", VhdTimestamp.toInstant(parentTimestamp).toString());
        fields.put("parent_name", headerName);
        if (relativeLocator != null) {
            fields.put("W2ru", relativeLocator);
        }
        if (absoluteLocator != null) {
            fields.put("W2ku", absoluteLocator);
        }
        return fields;
    }
}
