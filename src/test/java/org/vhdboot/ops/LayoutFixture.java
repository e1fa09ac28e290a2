package org.vhdboot.ops;

import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small golden parent with known data, made into a layout, with ways to inspect the result. */
public final class LayoutFixture {
    public static final long SIZE = 32L << 20;
    public static final byte[] GOLDEN = "golden sector".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] USER = "user change!".getBytes(StandardCharsets.US_ASCII);

    public final Path folder;
    public final Path parent;
    public final Path current;
    public final Path recovery;

    public LayoutFixture(Path folder) {
        this.folder = folder;
        this.parent = folder.resolve("Gold.vhdx");
        this.current = folder.resolve("Gold-Current.vhdx");
        this.recovery = folder.resolve("Gold-Recovery.vhdx");
    }

    /** Builds the parent and runs {@code init} with no boot store; fails the test if init fails. */
    public static LayoutFixture initialized(Path folder, Services services) throws IOException {
        LayoutFixture fixture = new LayoutFixture(folder);
        fixture.buildParent();
        CommandRun init = CommandRun.with(services, "init", "--parent", fixture.parent.toString(), "--boot-store", "none");
        if (init.exitCode() != 0) {
            throw new AssertionError("init failed: " + init);
        }
        return fixture;
    }

    /** Builds the parent and runs {@code init} in process with no boot store. */
    public static LayoutFixture initialized(Path folder, TestWorld world) throws Exception {
        LayoutFixture fixture = new LayoutFixture(folder);
        fixture.buildParent();
        world.init(InitOptions.parent(fixture.parent).bootStore("none"));
        return fixture;
    }

    /** The layout as its ini says now. */
    public Layout layout() throws IOException, LayoutException {
        return LayoutFile.load(folder.resolve(Layout.INI_NAME));
    }

    public void buildParent() throws IOException {
        DiskImages images = new DiskImages();
        images.create(parent, ImageSpec.dynamic(SIZE).withBlockSize(1 << 20));
        try (Chain disk = images.open(parent, true)) {
            for (long at = 0; at < SIZE; at += 4L << 20) {
                disk.write(at, ByteBuffer.wrap(GOLDEN));
            }
        }
    }

    public void writeUserChanges(Path child) throws IOException {
        try (Chain disk = new DiskImages().open(child, true)) {
            disk.write(0, ByteBuffer.wrap(USER));
            disk.write(9L << 20, ByteBuffer.wrap(new byte[3 << 20]).put(0, USER));
        }
    }

    /** The first bytes of the virtual disk, through the chain. */
    public static byte[] head(Path image, int length) throws IOException {
        try (Chain disk = new DiskImages().open(image, false)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            disk.read(0, buffer);
            return buffer.array();
        }
    }

    public static boolean startsWith(byte[] data, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code child} opens, links to the parent, and stores nothing of its own. */
    public boolean isFreshChild(Path child) throws IOException {
        try (Chain disk = new DiskImages().open(child, false)) {
            return disk.depth() == 1 && disk.top().info().allocatedBytes() == 0
                    && Files.isSameFile(disk.base().path(), parent);
        }
    }

    public static String sha256(Path file) throws IOException {
        return FileDigests.sha256(file);
    }
}
