package org.vhdboot.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One image file: a fixed, dynamic or differencing VHD, VHDX or raw file. A {@link Chain} stacks layers and
 * resolves reads through them; a layer on its own only knows which of its sectors it holds.
 */
public interface Layer extends Closeable {

    Path path();

    DiskFormat format();

    DiskType type();

    long virtualSize();

    int logicalSectorSize();

    boolean writable();

    /**
     * The id a child records to link to this image: the footer unique id for VHD, the DataWriteGuid for VHDX.
     * Empty for raw files, which cannot be parents.
     */
    Optional<UUID> linkId();

    /**
     * Bytes per block for a sparse image, whose storage is linear inside each block; 0 when the whole file is
     * linear (raw, fixed VHD). Readers use it to pick regions that never straddle a block.
     */
    default long blockSize() {
        return 0;
    }

    /**
     * Virtual-disk bytes this file stores itself: its present blocks, the last one cut at the disk's end (a
     * partly present block counts whole), or the whole disk for a file without blocks. Read from the allocation
     * table alone: no data is read.
     */
    long storedBytes();

    /**
     * Describes the run of bytes that starts at {@code offset}, at most {@code maxLength} long. Asked at a sector
     * boundary for whole sectors, it answers whole sectors, or up to the disk's end.
     */
    Extent map(long offset, long maxLength) throws IOException;

    /** Reads bytes that {@link #map} reported as {@link Extent.Kind#STORED}. */
    void readStored(long fileOffset, ByteBuffer dst) throws IOException;

    /** Writes whole logical sectors; {@code offset} and the length are multiples of the sector size. */
    void writeSectors(long offset, ByteBuffer src) throws IOException;

    Optional<ParentLink> parentLink();

    LayerInfo info() throws IOException;

    /** Structural problems of this file alone, each one line; empty when healthy. Includes {@link #findings()}. */
    List<String> check() throws IOException;

    /**
     * Problems opening already noticed, such as a damaged copy of a structure that a good copy stands in for,
     * or a log still to replay: cheap, so {@code vhd info} reports them as {@code vhd check} does.
     */
    default List<String> findings() {
        return List.of();
    }

    void flush() throws IOException;

    /**
     * Says that the writes that follow change nothing a reader of this image sees (sectors merged down from its
     * parent), so the id its children link to ({@link #linkId}) stays. Formats whose writes never change that
     * id need do nothing.
     */
    default void keepLinkId() throws IOException {
    }
}
