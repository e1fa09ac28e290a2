package org.vhdboot.ops;

import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.layout.Layout;
import org.vhdboot.testing.MemoryTempDirs;
import org.vhdboot.windows.EventLog;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.SystemRestart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A layout with what an attacker would aim at around it: a file above the layout folder ({@code ../x}), a
 * sentinel folder beside it, a decoy copy of the parent in another folder, and a planted file inside. Made
 * once, then put back exactly as made before each case, at the same place, so the children's absolute parent
 * paths stay right. The agent's clock is at 02:05 with a reset of Current scheduled at 02:00 (no boot entries, so
 * a tick in Current logs that it cannot run it) and one in Recovery carries out a pending one.
 */
final class HostileArena implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-27T02:05:00Z");
    static final String PENDING = "target=current\ndue=2026-11-27T02:00:00Z\nrequested=2026-11-27T02:00:07Z\n";

    final Path root;
    final Path layout;
    final Path parent;
    final Path current;
    final Path recovery;
    final Path above;
    final Path sentinel;
    final Path decoy;
    final Path planted;
    final FakePlatform platform = new FakePlatform();
    final RecordingRestart restart = new RecordingRestart();
    /** Event ids and messages written to the event log. */
    final java.util.List<String> events = new java.util.ArrayList<>();
    final Services services;
    private final Path template;
    private final String extension;
    /** vhdboot.ini as init and schedule wrote it. */
    private String ini;

    private HostileArena(Path root, Path template, String extension) {
        this.root = root;
        this.template = template;
        this.extension = extension;
        this.layout = root.resolve("images");
        this.parent = layout.resolve("Gold." + extension);
        this.current = layout.resolve("Gold-Current." + extension);
        this.recovery = layout.resolve("Gold-Recovery." + extension);
        this.planted = layout.resolve("x");
        this.above = root.resolve("x");
        this.sentinel = root.resolve("sentinel");
        this.decoy = root.resolve("decoy").resolve("Gold." + extension);
        this.services = new TestWorld(Clock.fixed(NOW, ZoneOffset.UTC)).with(Platform.class, platform)
                .with(SystemRestart.class, restart)
                .with(EventLog.class, (id, severity, message) -> events.add(id + " " + message)).services();
    }

    /** @param extension {@code vhd} (small files, for many cases) or {@code vhdx} */
    static HostileArena create(String extension) throws IOException {
        // In memory where the system allows it: a case flushes files many times, and there that is free.
        Path root = MemoryTempDirs.create("vhdboot-arena");
        HostileArena arena = new HostileArena(root, MemoryTempDirs.create("vhdboot-arena-template"), extension);
        arena.build();
        arena.ini = Files.readString(arena.layout.resolve(Layout.INI_NAME));
        copyTree(root, arena.template);
        return arena;
    }

    private void build() throws IOException {
        Files.createDirectories(layout);
        DiskImages images = new DiskImages();
        ImageSpec spec = extension.equals("vhd") ? ImageSpec.dynamic(4 << 20).withBlockSize(512 << 10)
                : ImageSpec.dynamic(4 << 20).withBlockSize(1 << 20);
        images.create(parent, spec);
        run(services, "init", "--parent", parent.toString(), "--boot-store", "none");
        Services yesterday = new TestWorld(Clock.fixed(NOW.minusSeconds(86_400), ZoneOffset.UTC))
                .with(Platform.class, platform).services();
        // `schedule` refuses a reset of Current without boot entries; the arena's is written in by hand, so a tick in
        // Current meets a due reset it must not run (and hostile inis that name a boot store meet the request path).
        run(yesterday, "schedule", "--layout", layout.toString(), "--daily", "02:00", "--target", "recovery");
        Path ini = layout.resolve(Layout.INI_NAME);
        String scheduled = Files.readString(ini);
        if (!scheduled.contains("target = recovery")) {
            throw new AssertionError("arena setup: the schedule's target line is not where it was: " + scheduled);
        }
        Files.writeString(ini, scheduled.replace("target = recovery", "target = current"));
        Files.createDirectories(sentinel);
        Files.writeString(sentinel.resolve("x"), "sentinel");
        Files.copy(parent, sentinel.resolve("victim." + extension));
        Files.createDirectories(decoy.getParent());
        Files.copy(parent, decoy, StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(above, "above the layout");
        Files.writeString(planted, "planted in the layout");
    }

    private static void run(Services services, String... args) {
        CommandRun run = CommandRun.with(services, args);
        if (run.exitCode() != 0) {
            throw new AssertionError("arena setup failed: " + run);
        }
    }

    /** Puts every file and folder back exactly as made (contents, times, modes), and the platform's answers. */
    void restore() throws IOException {
        deleteContents(root);
        copyTree(template, root);
        platform.runningRole = null;
        platform.otherWriters.clear();
        platform.restricted.clear();
        restart.restarts.clear();
        restart.messages.clear();
        events.clear();
    }

    FolderSnapshot snapshot() throws IOException {
        return FolderSnapshot.of(root);
    }

    /** The layout folder's name within the arena, for snapshot filters. */
    String layoutPrefix() {
        return root.relativize(layout) + "/";
    }

    /**
     * Replaces {@code ${SENTINEL}}, {@code ${DECOY}}, {@code ${ABOVE}} and {@code ${PARENT}} with absolute paths,
     * and {@code ${LINK_ID}} and {@code ${PARENT_MODIFIED}} with this arena's parent identity, so a kept ini
     * seed describes this arena's parent.
     */
    String placed(String text) {
        return text.replace("${LINK_ID}", iniValue("parent_link_id"))
                .replace("${PARENT_MODIFIED}", iniValue("parent_modified"))
                .replace("${SENTINEL}", sentinel.resolve("x").toString())
                .replace("${DECOY}", decoy.toString())
                .replace("${ABOVE}", above.toString())
                .replace("${PARENT}", parent.toString());
    }

    String extension() {
        return extension;
    }

    String ini() {
        return ini;
    }

    private String iniValue(String key) {
        return ini.lines().filter(line -> line.startsWith(key + " = ")).findFirst().orElseThrow()
                .substring(key.length() + 3);
    }

    @Override
    public void close() throws IOException {
        deleteTree(root);
        deleteTree(template);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // Folder times last: copying files into a folder changes its time.
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : (Iterable<Path>) walk.filter(Files::isDirectory)::iterator) {
                Files.setLastModifiedTime(to.resolve(from.relativize(source).toString()),
                        Files.getLastModifiedTime(source));
            }
        }
    }

    private static void deleteContents(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                if (!path.equals(folder)) {
                    path.toFile().setWritable(true);
                    Files.delete(path);
                }
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            deleteContents(folder);
            Files.delete(folder);
        }
    }

}
