package org.vhdboot.disk.raw;

import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.FormatContext;
import org.vhdboot.disk.FormatDriver;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.UnsupportedFormatException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Raw disk files: no signature, no structure, no children; the extension alone says a file is raw. */
public final class RawDriver implements FormatDriver {
    private static final int MAX_CHUNK = 4 << 20;

    @Override
    public DiskFormat format() {
        return DiskFormat.RAW;
    }

    @Override
    public boolean hasSignature() {
        return false;
    }

    @Override
    public boolean recognises(Storage file) {
        return false;
    }

    @Override
    public Layer open(Storage file, Durability durability, FormatContext context) throws IOException {
        return RawImage.open(file);
    }

    @Override
    public List<Integer> logicalSectorSizes() {
        return List.of(512);
    }

    @Override
    public int sectorSizeOfCopy(int sourceSectorSize) {
        return 512;
    }

    @Override
    public long preferredChunkSize(ImageSpec spec) {
        return MAX_CHUNK;
    }

    @Override
    public void create(Storage target, ImageSpec spec, FormatContext context) throws IOException {
        RawImage.create(target, spec.size()).flush();
    }

    @Override
    public void createChild(Storage target, Path childPath, Layer parent, ChildSpec spec, FormatContext context)
            throws IOException {
        throw new UnsupportedFormatException("a raw file cannot be a differencing child; use .vhdx");
    }

    @Override
    public Optional<String> nothingToRepair(Layer layer) {
        return Optional.of("a raw file has no structure");
    }

    @Override
    public String repair(Layer layer) throws IOException {
        throw new UnsupportedFormatException("a raw file has no structure to repair");
    }
}
