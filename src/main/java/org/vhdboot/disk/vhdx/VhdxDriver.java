package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.FormatContext;
import org.vhdboot.disk.FormatDriver;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The VHDX format ([MS-VHDX]): the door to this package. */
public final class VhdxDriver implements FormatDriver {
    @Override
    public DiskFormat format() {
        return DiskFormat.VHDX;
    }

    @Override
    public boolean hasSignature() {
        return true;
    }

    @Override
    public boolean recognises(Storage file) throws IOException {
        return file.size() >= FileTypeIdentifier.SIGNATURE_SIZE
                && FileTypeIdentifier.hasSignature(file.readBytes(0, FileTypeIdentifier.SIGNATURE_SIZE));
    }

    @Override
    public Layer open(Storage file, Durability durability, FormatContext context) throws IOException {
        VhdxOpenMode mode = file.writable() ? VhdxOpenMode.REPLAY_IN_FILE
                : context.refuseUnfinishedWrites() ? VhdxOpenMode.REFUSE_DIRTY : VhdxOpenMode.REPLAY_IN_MEMORY;
        return VhdxImage.open(file, durability, context.paths(), mode);
    }

    @Override
    public List<Integer> logicalSectorSizes() {
        return List.of(512, 4096);
    }

    @Override
    public long preferredChunkSize(ImageSpec spec) {
        return spec.blockSizeOr(VhdxBuilder.DEFAULT_BLOCK_SIZE);
    }

    @Override
    public void create(Storage target, ImageSpec spec, FormatContext context) throws IOException {
        new VhdxBuilder(context.paths()).create(target, spec);
    }

    @Override
    public void createChild(Storage target, Path childPath, Layer parent, ChildSpec spec, FormatContext context)
            throws IOException {
        new VhdxBuilder(context.paths()).createDifferencing(target, childPath, image(parent), parent.path(), spec);
    }

    /** A new parent locator item, written through the log ({@link VhdxRelink}). */
    @Override
    public boolean relink(Storage child, Layer newParent, ChildSpec spec, FormatContext context) throws IOException {
        return new VhdxRelink(context.paths()).relink(child, newParent.path(), image(newParent).linkId().orElseThrow(),
                spec.windowsFolder());
    }

    /** A relink interrupted after its log entry became current: the log is replayed into the file. */
    @Override
    public void finishRelink(Storage child, Layer newParent, FormatContext context) throws IOException {
        VhdxRelink.finish(child);
    }

    @Override
    public Optional<String> nothingToRepair(Layer layer) {
        return image(layer).needsRepair() ? Optional.empty()
                : Optional.of("the log is empty and both headers are valid");
    }

    @Override
    public String repair(Layer layer) throws IOException {
        VhdxImage image = image(layer);
        image.rewriteHeaders();
        return "log " + image.logState() + "; headers rewritten";
    }

    private static VhdxImage image(Layer layer) {
        if (layer instanceof VhdxImage image) {
            return image;
        }
        throw new IllegalArgumentException(layer.path().getFileName() + " is not a VHDX layer");
    }
}
