package org.vhdboot.disk.vhd;

import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskType;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.FormatContext;
import org.vhdboot.disk.FormatDriver;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The VHD format (Virtual Hard Disk Image Format Specification 1.0): the door to this package. */
public final class VhdDriver implements FormatDriver {

    @Override
    public DiskFormat format() {
        return DiskFormat.VHD;
    }

    @Override
    public boolean hasSignature() {
        return true;
    }

    /** The footer cookie at the end of the file, or in the copy at offset 0 when the end is damaged. */
    @Override
    public boolean recognises(Storage file) throws IOException {
        long size = file.size();
        return size >= VhdFooter.SIZE && (VhdFooter.hasCookie(file.readBytes(0, 8))
                || VhdFooter.hasCookie(file.readBytes(size - VhdFooter.SIZE, 8)));
    }

    @Override
    public Layer open(Storage file, Durability durability, FormatContext context) throws IOException {
        return VhdImage.open(file, durability, context.paths());
    }

    @Override
    public List<Integer> logicalSectorSizes() {
        return List.of(512);
    }

    @Override
    public long preferredChunkSize(ImageSpec spec) {
        return spec.blockSizeOr(VhdBuilder.DEFAULT_BLOCK_SIZE);
    }

    @Override
    public void create(Storage target, ImageSpec spec, FormatContext context) throws IOException {
        VhdBuilder builder = new VhdBuilder(context.clock(), context.paths());
        if (spec.type() == DiskType.FIXED) {
            builder.createFixed(target, spec.size());
        } else {
            builder.createDynamic(target, spec.size(), spec.blockSizeOr(VhdBuilder.DEFAULT_BLOCK_SIZE));
        }
    }

    @Override
    public void createChild(Storage target, Path childPath, Layer parent, ChildSpec spec, FormatContext context)
            throws IOException {
        new VhdBuilder(context.clock(), context.paths()).createDifferencing(target, childPath, image(parent),
                parent.path(), spec.windowsFolder());
    }

    /** A new dynamic header after new locators and a copy of it ({@link VhdRelink}); the parent's time stamp is now. */
    @Override
    public boolean relink(Storage child, Layer newParent, ChildSpec spec, FormatContext context) throws IOException {
        int stamp = VhdTimestamp.fromInstant(Files.getLastModifiedTime(newParent.path()).toInstant());
        new VhdRelink(context.paths()).relink(child, newParent.path(), image(newParent).linkId().orElseThrow(), stamp,
                spec.windowsFolder());
        return true;
    }

    /** A header torn while it was written: the copy the relink left beside the footer goes in place. */
    @Override
    public void finishRelink(Storage child, Layer newParent, FormatContext context) throws IOException {
        new VhdRelink(context.paths()).finish(child, image(newParent).linkId().orElseThrow());
    }

    @Override
    public Optional<String> nothingToRepair(Layer layer) {
        return image(layer).needsRepair() ? Optional.empty()
                : Optional.of("the footer at the end of the file is intact");
    }

    @Override
    public String repair(Layer layer) throws IOException {
        image(layer).rewriteFooter();
        return "footer rewritten from its copy at offset 0";
    }

    private static VhdImage image(Layer layer) {
        if (layer instanceof VhdImage image) {
            return image;
        }
        throw new IllegalArgumentException(layer.path().getFileName() + " is not a VHD layer");
    }
}
