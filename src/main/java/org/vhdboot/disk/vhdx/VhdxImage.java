package org.vhdboot.disk.vhdx;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * An open VHDX file: its structures as read and checked at open, and its content ({@link VhdxContent}), which
 * reads and writes the virtual disk. The header slots ({@link HeaderSlots}) and the log ({@link LogReplay}) are
 * classes of their own, as each structure is.
 */
final class VhdxImage extends StoredLayer<VhdxContent> {
    private final FileTypeIdentifier identifier;
    private final HeaderSlots headers;
    private final String logState;
    private final List<String> openFindings;
    private final RegionTable regions;
    private final VhdxMetadata metadata;

    private VhdxImage(Storage storage, FileTypeIdentifier identifier, HeaderSlots headers, String logState,
                      List<String> openFindings, RegionTable regions, VhdxMetadata metadata,
                      VhdxParentLink parentLink, VhdxContent content) {
        super(storage, content, parentLink);
        this.identifier = identifier;
        this.headers = headers;
        this.logState = logState;
        this.openFindings = List.copyOf(openFindings);
        this.regions = regions;
        this.metadata = metadata;
    }

    /**
     * Opens and validates a VHDX, dealing with a non-empty log as {@code mode} says: identifier, headers, log,
     * region table, metadata, BAT. Takes ownership of {@code file}.
     */
    static VhdxImage open(Storage file, Durability durability, ParentPaths paths, VhdxOpenMode mode)
            throws IOException {
        String name = file.path().getFileName().toString();
        long storedSize = file.size();
        if (storedSize < 4 * MIB) {
            throw new InvalidImageException(name + " is too small to be a VHDX (" + storedSize + " bytes)");
        }
        FileTypeIdentifier identifier = FileTypeIdentifier.parse(file.readBytes(0, FileTypeIdentifier.READ_SIZE), name);
        HeaderSlots headers = HeaderSlots.read(file, name, durability);
        LogReplay.Outcome log = LogReplay.apply(file, headers, mode, name);
        Storage view = log.view();
        if (log.replayed()) {
            // The log may rewrite the identifier; what counts is the file as replayed.
            identifier = FileTypeIdentifier.parse(view.readBytes(0, FileTypeIdentifier.READ_SIZE), name);
        }
        List<String> findings = new ArrayList<>();
        log.finding().ifPresent(findings::add);
        RegionTable regions = RegionTable.read(view, name, findings);
        // Regions must lie in the file as stored: the zeros a log replay appends hold no BAT or metadata.
        FileRegions structures = regions.layout(headers.current(), storedSize, name);
        VhdxMetadata metadata = VhdxMetadata.read(view, regions.find(RegionTable.METADATA).orElseThrow(), name);
        VhdxParentLink link = metadata.parentLocator()
                .map(item -> new VhdxParentLink(item, metadata.virtualSize(), paths)).orElse(null);
        VhdxContent content = VhdxContent.open(view, regions.find(RegionTable.BAT).orElseThrow(), metadata,
                structures, headers, durability, name);
        return new VhdxImage(view, identifier, headers, log.state(), findings, regions, metadata, link, content);
    }

    @Override
    public DiskFormat format() {
        return DiskFormat.VHDX;
    }

    @Override
    public DiskType type() {
        if (metadata.parameters().hasParent()) {
            return DiskType.DIFFERENCING;
        }
        return metadata.parameters().leaveBlocksAllocated() ? DiskType.FIXED : DiskType.DYNAMIC;
    }

    @Override
    public long virtualSize() {
        return metadata.virtualSize();
    }

    @Override
    public int logicalSectorSize() {
        return metadata.logicalSectorSize();
    }

    public int physicalSectorSize() {
        return metadata.physicalSectorSize();
    }

    @Override
    public long blockSize() {
        return metadata.parameters().blockSize();
    }

    public UUID page83() {
        return metadata.page83();
    }

    public VhdxHeader header() {
        return headers.current();
    }

    /** The DataWriteGuid, which children record as their parent_linkage. */
    @Override
    public Optional<UUID> linkId() {
        return Optional.of(headers.current().dataWriteGuid());
    }

    /** Children link to the DataWriteGuid; a merge down from the parent keeps it, as nothing visible changes. */
    @Override
    public void keepLinkId() throws IOException {
        headers.keepDataWriteGuid(storage);
    }

    @Override
    public LayerInfo info() throws IOException {
        BlockAllocationTable bat = content.bat();
        VhdxHeader header = headers.current();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("data_write_guid", header.dataWriteGuid().toString());
        details.put("file_write_guid", header.fileWriteGuid().toString());
        details.put("header_sequence", header.sequenceNumber());
        details.put("log", logState);
        details.put("log_offset", header.logOffset());
        details.put("log_length", header.logLength());
        details.put("chunk_ratio", bat.chunkRatio());
        details.put("leave_blocks_allocated", metadata.parameters().leaveBlocksAllocated());
        details.put("block_states", bat.payloadStates());
        details.put("sector_bitmap_blocks", bat.presentBitmapBlocks());
        List<Map<String, Object>> regionList = new ArrayList<>();
        for (RegionTable.Entry region : regions.entries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", region.name());
            r.put("offset", region.fileOffset());
            r.put("length", region.length());
            r.put("required", region.required());
            regionList.add(r);
        }
        details.put("regions", regionList);
        return new LayerInfo(path().toString(), DiskFormat.VHDX, type(), virtualSize(), storage.size(),
                storedBytes(), blockSize(), logicalSectorSize(), physicalSectorSize(), page83().toString(),
                identifier.creator(), details, parentLinkFields());
    }

    @Override
    public List<String> check() throws IOException {
        List<String> problems = new ArrayList<>(findings());
        byte[] first = storage.readBytes(RegionTable.SLOT_1, RegionTable.SIZE);
        byte[] second = storage.readBytes(RegionTable.SLOT_2, RegionTable.SIZE);
        if (!Arrays.equals(first, second) && problems.stream().noneMatch(p -> p.contains("region table"))) {
            problems.add(name + ": the two region table copies differ");
        }
        problems.addAll(content.bat().reservedBitProblems(name));
        problems.addAll(content.bat().overlaps(name, blockSize(), storage.size()));
        return problems;
    }

    /** A damaged header or region table copy, a log still to replay: what opening noticed. */
    @Override
    public List<String> findings() {
        List<String> findings = new ArrayList<>(headers.findings());
        findings.addAll(openFindings);
        return findings;
    }

    /** What became of the log at open: {@code empty}, or how it was replayed. */
    String logState() {
        return logState;
    }

    /** Whether {@code check --repair} has work here: a log to replay, or a damaged header slot. */
    boolean needsRepair() {
        return !logState.equals("empty") || !headers.findings().isEmpty();
    }

    /** Rewrites both header slots so they are valid and identical in content; used by {@code check --repair}. */
    void rewriteHeaders() throws IOException {
        headers.rewrite(storage);
    }
}
