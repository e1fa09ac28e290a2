package org.vhdboot.bench;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.Durability;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.ReadOnlyMark;
import org.vhdboot.disk.io.StagedFile;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.TreeImage;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The versions the fleet benchmark ships, made with the engine's own writer and recorded in a master layout as
 * {@code image commit} records them (a read-only layer, its link id and SHA-256):
 * <pre>
 *   FleetImages copy LAYOUT NAME PARENT SOURCE        version NAME on PARENT holding every non-zero MiB of the
 *                                                     virtual disk of SOURCE (an image): a whole golden image
 *   FleetImages update LAYOUT NAME PARENT PERCENT SEED version NAME on PARENT rewriting PERCENT of the disk in
 *                                                     random 1 MiB extents with random bytes: a monthly update
 * </pre>
 */
public final class FleetImages {
    private static final int MIB = 1 << 20;

    private FleetImages() {
    }

    public static void main(String[] args) throws Exception {
        Path layout = Path.of(args[1]);
        switch (args[0]) {
            case "copy" -> version(layout, args[2], args[3], (images, file) -> copy(images, file, Path.of(args[4])));
            case "update" -> version(layout, args[2], args[3], (images, file) -> update(images, file,
                    Double.parseDouble(args[4]), Long.parseLong(args[5])));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(DiskImages images, Path file) throws Exception;
    }

    private static void version(Path folder, String name, String parent, Writer writer) throws Exception {
        Layout layout = LayoutFile.load(folder.resolve(Layout.INI_NAME));
        ImageRef parentRef = new ImageRef(ImageRef.Kind.VERSION, parent);
        Path file = folder.resolve(layout.name() + "-v-" + name + "." + layout.format().extension());
        DiskImages images = new DiskImages();
        // As on a Windows master whose layout the machines copy: locators name C:\VHD, which the machines use too.
        try (StagedFile staged = StagedFile.beside(file, StorageFactory.files())) {
            images.writeChild(staged, layout.pathOf(parentRef), ChildSpec.forWindowsFolder(layout.bootFolder()));
            staged.commit(false);
        }
        writer.write(images, file);
        String linkId;
        try (Layer layer = images.openLayer(file, false, Durability.SAFE)) {
            linkId = layer.linkId().orElseThrow().toString();
        }
        ReadOnlyMark.mark(file);
        layout.tree().put(new TreeImage(new ImageRef(ImageRef.Kind.VERSION, name), file.getFileName().toString(),
                Optional.of(parentRef), Instant.now(), linkId, "benchmark " + name, sha256(file)));
        LayoutFile.save(layout, new FileSteps(IoStepHook.NONE));
    }

    private static void copy(DiskImages images, Path file, Path source) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(MIB);
        try (Chain from = images.open(source, false); Chain to = images.open(file, true)) {
            for (long at = 0; at < from.size(); at += MIB) {
                buffer.clear().limit((int) Math.min(MIB, from.size() - at));
                from.read(at, buffer);
                buffer.flip();
                if (!allZero(buffer)) {
                    to.write(at, buffer);
                }
            }
        }
    }

    private static void update(DiskImages images, Path file, double percent, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] data = new byte[MIB];
        try (Chain chain = images.open(file, true)) {
            long extents = chain.size() / MIB;
            long rewritten = Math.round(extents * percent / 100);
            for (long i = 0; i < rewritten; i++) {
                random.nextBytes(data);
                chain.write(random.nextLong(extents) * MIB, ByteBuffer.wrap(data));
            }
        }
    }

    private static boolean allZero(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[MIB];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
