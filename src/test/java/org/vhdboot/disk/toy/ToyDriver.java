package org.vhdboot.disk.toy;

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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A format that is not vhdboot's, written only against the format seam: a 512-byte header (the signature
 * {@code toydisk} and the virtual size), then the disk byte for byte. It proves that a new format is its own
 * package plus one registration line.
 */
public final class ToyDriver implements FormatDriver {
    public static final DiskFormat TOY = new DiskFormat("TOY", "toy");

    @Override
    public DiskFormat format() {
        return TOY;
    }

    @Override
    public boolean hasSignature() {
        return true;
    }

    @Override
    public boolean recognises(Storage file) throws IOException {
        return file.size() >= ToyImage.HEADER && Arrays.equals(file.readBytes(0, 8), ToyImage.SIGNATURE);
    }

    @Override
    public Layer open(Storage file, Durability durability, FormatContext context) throws IOException {
        return ToyImage.open(file);
    }

    @Override
    public List<Integer> logicalSectorSizes() {
        return List.of(512);
    }

    @Override
    public long preferredChunkSize(ImageSpec spec) {
        return 1 << 20;
    }

    @Override
    public void create(Storage target, ImageSpec spec, FormatContext context) throws IOException {
        ToyImage.create(target, spec.size());
    }

    @Override
    public void createChild(Storage target, Path childPath, Layer parent, ChildSpec spec, FormatContext context)
            throws IOException {
        throw new UnsupportedFormatException("a toy disk has no children");
    }

    @Override
    public Optional<String> nothingToRepair(Layer layer) {
        return Optional.of("a toy disk has nothing that can break");
    }

    @Override
    public String repair(Layer layer) {
        throw new IllegalStateException("never called: nothing to repair");
    }
}
