package org.vhdboot.disk;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the engine does with one image format, and the only way into that format's package: how its files
 * are recognised, opened, created, given children and repaired (qemu's BlockDriver, DiscUtils' DiskFactory).
 * Drivers are listed in {@code META-INF/services/org.vhdboot.disk.FormatDriver}, one line each, and found by
 * {@link FormatDrivers}; nothing outside a format's package names its classes.
 */
public interface FormatDriver {

    DiskFormat format();

    /** False for a format without a signature (raw), which a file's extension alone chooses. */
    boolean hasSignature();

    /** Whether {@code file}'s content shows this format's signature. Reads a few bytes, never writes. */
    boolean recognises(Storage file) throws IOException;

    /**
     * Opens and validates a file of this format; the layer takes ownership of {@code file}. A writable open
     * finishes a write the file records as interrupted (a VHDX log) in the file; a read-only one does so in
     * memory, or refuses when {@code context} says so.
     */
    Layer open(Storage file, Durability durability, FormatContext context) throws IOException;

    /** The logical sector sizes a new image of this format may have, the default first. */
    List<Integer> logicalSectorSizes();

    /**
     * The logical sector size of a copy of a disk with {@code sourceSectorSize}-byte sectors: by default the
     * same, which a guest's partition table depends on (and which {@link ImageSpec#validate} refuses when
     * this format cannot hold it). A format that records none (raw) says 512, so any disk converts to it.
     */
    default int sectorSizeOfCopy(int sourceSectorSize) {
        return sourceSectorSize;
    }

    /** How many bytes a copy should write at a time into a new image of {@code spec}: one block of a sparse image, so an all-zero block is skipped whole. */
    long preferredChunkSize(ImageSpec spec);

    /** Writes a new, empty base image of {@code spec} (already validated) into {@code target}. */
    void create(Storage target, ImageSpec spec, FormatContext context) throws IOException;

    /**
     * Writes an empty differencing child of {@code parent}, a layer of this format, into {@code target}, as if
     * the child lived at {@code childPath}, which decides its relative parent path.
     */
    void createChild(Storage target, Path childPath, Layer parent, ChildSpec spec, FormatContext context)
            throws IOException;

    /**
     * Points the differencing image in {@code child} (this format, open writable, checked by opening its chain, and
     * left with no interrupted relink: {@link #finishRelink}) at {@code newParent}, the top layer of its new chain,
     * in one atomic metadata update. The id the child's own children link to stays. The caller makes sure the new
     * parent reads, under the child, as the old one did.
     *
     * @return false when the child's file was left byte for byte as it was, because its link already named {@code
     *         newParent} as a new child of it would
     */
    default boolean relink(Storage child, Layer newParent, ChildSpec spec, FormatContext context) throws IOException {
        throw new UnsupportedFormatException("a " + format() + " file has no parent link to change");
    }

    /**
     * Finishes in {@code child} (open writable) a {@link #relink} to {@code newParent} that a crash interrupted, so
     * the child opens with one link or the other; nothing when none was under way. Run before the child is opened.
     */
    default void finishRelink(Storage child, Layer newParent, FormatContext context) throws IOException {
    }

    /** Why {@code check --repair} leaves {@code layer}, a layer of this format, alone; empty when it has work there. */
    Optional<String> nothingToRepair(Layer layer);

    /**
     * Repairs {@code layer}, opened writable (which has already finished an interrupted write), without changing
     * the virtual disk or the id children link to. Returns what it did.
     */
    String repair(Layer layer) throws IOException;
}
