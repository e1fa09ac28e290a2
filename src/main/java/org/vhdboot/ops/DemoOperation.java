package org.vhdboot.ops;

import org.vhdboot.disk.Chain;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.ProgressListener;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.oci.Digest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code vhdboot demo}: the whole story on a machine with nothing but the repository. A small golden parent
 * with recognisable data, a layout with boot entries written to a script, "user changes" in Current, a reset,
 * and proof that Current reads exactly like the parent again while the parent's hash never moved; then restore
 * points: a snapshot, a revert to it, and its deletion, which leaves Current reading the same; then an update
 * committed as a version, added on a second machine, and switched to: once falling back, once confirmed
 * ({@link DemoVersions}).
 */
public final class DemoOperation {
    public static final String MARKER = ".vhdboot-demo";
    private static final long SIZE = 64L << 20;
    private static final byte[] GOLDEN = "vhdboot demo: this sector belongs to the golden image\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USER = "a user was here: this change must vanish at reset\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APP = "an application was installed: the restore point keeps this\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RISKY = "a risky change: the revert takes this away\n".getBytes(StandardCharsets.US_ASCII);

    /** What the demo showed; {@code passed} is true when every claim held. */
    public record Result(Path folder, List<String> story, boolean passed) {
    }

    private final OperationContext context;

    public DemoOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Path folder) throws IOException, OperationException {
        List<String> story = new ArrayList<>();
        prepareFolder(folder);
        Path parent = folder.resolve("Demo.vhdx");
        context.disks().create(parent, ImageSpec.dynamic(SIZE));
        try (Chain image = context.disks().open(parent, true)) {
            for (long at = 0; at < SIZE; at += 8L << 20) {
                image.write(at, ByteBuffer.wrap(GOLDEN));
            }
        }
        String parentHash = sha256(parent);
        story.add("1. built the golden parent " + parent.getFileName() + " (64 MiB virtual, a recognisable sentence"
                + " every 8 MiB); SHA-256 " + parentHash.substring(0, 16) + "...");

        InitOperation.Result init = new InitOperation(context).run(new InitOperation.Options(parent, Optional.of("Demo"),
                Optional.of("uefi"), Optional.of(5), Optional.empty(), Optional.of("script"), Optional.of("C:\\vhdboot-demo"),
                false));
        Layout layout = LayoutFile.load(init.ini());
        story.add("2. init: " + String.join("; ", init.actions()) + "; " + init.commands().size()
                + " bcdedit commands written to " + BootStores.SCRIPT_FILE + " for a Windows machine");

        Path current = layout.childPath(Role.CURRENT);
        try (Chain disk = context.disks().open(current, true)) {
            disk.write(0, ByteBuffer.wrap(USER));
            disk.write(40L << 20, ByteBuffer.wrap(new byte[3 << 20]).put(0, USER));
        }
        story.add("3. wrote user changes into " + current.getFileName() + ": it now stores "
                + allocated(current) / 1024 + " KiB of its own and its first sector reads \"" + firstLine(current) + "\"");

        ResetOperation.Result reset = new ResetOperation(context).run(layout, new ResetOperation.Options(Role.CURRENT,
                true, false, false, false));
        story.add("4. reset current in " + reset.durationMillis() + " ms: " + String.join(", ", reset.plan()));

        boolean clean = allocated(current) == 0;
        boolean sameAsParent = virtualHash(context, current).equals(virtualHash(context, parent));
        boolean parentUntouched = sha256(parent).equals(parentHash);
        StatusOperation.Report status = new StatusOperation(context).run(LayoutFile.load(init.ini()));
        story.add("5. status: " + current.getFileName() + " stores " + allocated(current) + " bytes of its own"
                + (clean ? " (clean)" : " (NOT clean)") + "; its virtual disk " + (sameAsParent ? "equals" : "DIFFERS from")
                + " the parent's; the parent's SHA-256 is " + (parentUntouched ? "unchanged" : "CHANGED")
                + "; first sector reads \"" + firstLine(current) + "\"; layout "
                + (status.healthy() ? "healthy" : "has problems: " + status.problems()));
        boolean restorePoints = restorePoints(layout, story);
        boolean versions = new DemoVersions(context, story).run(LayoutFile.load(init.ini()), folder.resolve("lab"),
                "C:\\vhdboot-demo\\lab");
        boolean stillUntouched = sha256(parent).equals(parentHash);
        return new Result(folder, story, clean && sameAsParent && parentUntouched && status.healthy() && restorePoints
                && versions && stillUntouched);
    }

    /** Steps 6 to 9: a snapshot, a revert to it, its deletion. Returns whether each claim held. */
    private boolean restorePoints(Layout loaded, List<String> story) throws IOException, OperationException {
        Path current = loaded.childPath(Role.CURRENT);
        writeFirstSector(current, APP);
        try (Chain disk = context.disks().open(current, true)) {
            disk.write(16L << 20, ByteBuffer.wrap(new byte[1 << 20]).put(0, APP));
        }
        SnapshotCreateOperation.Result snapshot = new SnapshotCreateOperation(context).run(loaded,
                new SnapshotCreateOperation.Options("with-app", "an application installed", false, false));
        boolean kept = firstLine(current).equals(line(APP)) && allocated(current) == 0;
        story.add("6. installed \"an application\" into Current, then `snapshot create with-app` in "
                + snapshot.durationMillis() + " ms: " + snapshot.file() + " holds it, read-only; Current is a fresh child"
                + " of it (" + snapshot.depth() + " links deep) and still reads \"" + firstLine(current) + "\"");

        writeFirstSector(current, RISKY);
        String risky = firstLine(current);
        ResetOperation.Result revert = new ResetOperation(context).run(LayoutFile.load(loaded.iniPath()),
                new ResetOperation.Options(Role.CURRENT, true, false, false, false, false, Optional.of("with-app")));
        boolean reverted = risky.equals(line(RISKY)) && firstLine(current).equals(line(APP));
        story.add("7. made a risky change (\"" + risky + "\"), then `snapshot revert with-app` in "
                + revert.durationMillis() + " ms: Current reads \"" + firstLine(current) + "\" again");

        String before = virtualHash(context, current);
        SnapshotDeleteOperation.Result delete = new SnapshotDeleteOperation(context).run(LayoutFile.load(loaded.iniPath()),
                new SnapshotDeleteOperation.Options("with-app", true, false, ProgressListener.NONE));
        Layout after = LayoutFile.load(loaded.iniPath());
        boolean merged = virtualHash(context, current).equals(before) && !Files.exists(after.folder().resolve(snapshot.file()))
                && after.currentDepth() == 1 && delete.bytesMerged() > 0;
        story.add("8. `snapshot delete with-app`: " + delete.bytesMerged() / 1024 + " KiB of it merged into Current, "
                + snapshot.file() + " deleted; Current " + (merged ? "reads exactly as before" : "CHANGED")
                + " and stands on " + after.currentBase() + " again");
        StatusOperation.Report status = new StatusOperation(context).run(after);
        story.add("9. status: base " + status.base() + ", " + status.snapshots().size() + " snapshots, layout "
                + (status.healthy() ? "healthy" : "has problems: " + status.problems()));
        return kept && reverted && merged && status.healthy();
    }

    private void writeFirstSector(Path image, byte[] text) throws IOException {
        try (Chain disk = context.disks().open(image, true)) {
            disk.write(0, ByteBuffer.wrap(new byte[512]).put(0, text));
        }
    }

    private static String line(byte[] text) {
        return new String(text, StandardCharsets.US_ASCII).strip();
    }

    /** A fresh folder, or one a previous demo left (recognised by its marker file). */
    private void prepareFolder(Path folder) throws IOException, OperationException {
        if (Files.exists(folder)) {
            boolean ours = Files.exists(folder.resolve(MARKER));
            boolean empty;
            try (Stream<Path> entries = Files.list(folder)) {
                empty = entries.findAny().isEmpty();
            }
            if (!ours && !empty) {
                throw new OperationException(OperationException.Kind.PRECONDITION, folder + " is not empty and not a"
                        + " previous demo; pick another folder: `vhdboot demo DIR`");
            }
            if (ours) {
                try (Stream<Path> walk = Files.walk(folder)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        path.toFile().setWritable(true);
                        Files.delete(path);
                    }
                }
            }
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(MARKER), "made by `vhdboot demo`; safe to delete\n");
    }

    private long allocated(Path image) throws IOException {
        return context.disks().info(image).allocatedBytes();
    }

    private String firstLine(Path image) throws IOException {
        try (Chain disk = context.disks().open(image, false)) {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            disk.read(0, buffer);
            String text = new String(buffer.array(), StandardCharsets.US_ASCII);
            int end = text.indexOf('\n');
            return end >= 0 ? text.substring(0, end) : text.strip();
        }
    }

    /** The SHA-256 of {@code image}'s whole virtual disk, read through its chain. */
    static String virtualHash(OperationContext context, Path image) throws IOException {
        try (Chain disk = context.disks().open(image, false)) {
            MessageDigest digest = digest();
            ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
            for (long at = 0; at < disk.size(); at += buffer.capacity()) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), disk.size() - at));
                disk.read(at, buffer);
                buffer.flip();
                digest.update(buffer);
            }
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    private static String sha256(Path file) throws IOException {
        return FileDigest.sha256(file);
    }

    private static MessageDigest digest() {
        return Digest.newSha256();
    }
}
