package org.vhdboot.layout;

import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.io.StagedFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads and writes {@code vhdboot.ini} ({@link LayoutText}); writes are atomic, so the file is never half
 * written. Every setting is checked as it is read: the error names the file, the line and the key. The file
 * names it holds are plain names in the layout folder, and the parent and the two children are three
 * different files.
 */
public final class LayoutFile {
    /** Room kept for one change that adds images: a pull of a whole chain of 16 versions adds about 60 KiB. */
    static final int ROOM_TO_GROW = 128 << 10;
    /** The format this version writes; version 1 (no tree) is read and migrated by the first change. */
    static final String VERSION = "2";
    private static final String HEADER = "vhdboot layout: written by vhdboot, safe to read; edit with care."
            + " File names are relative to this folder.";

    private LayoutFile() {
    }

    /** Finds the layout from {@code --layout DIR|INI}, or the current directory when null. */
    public static Path locate(Path option) {
        Path base = option != null ? option : Path.of("");
        Path absolute = base.toAbsolutePath().normalize();
        return Files.isDirectory(absolute) ? absolute.resolve(Layout.INI_NAME) : absolute;
    }

    public static Layout load(Path ini) throws IOException, LayoutException {
        boolean iniName = ini.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ini");
        if (!Files.exists(ini)) {
            // locate() took a path that is no folder for the ini itself: unless it is named so, a folder was meant.
            String missing = iniName ? ini.getParent() + ": " + ini.getFileName() + " not found"
                    : ini + ": no such folder";
            throw new LayoutException("no layout at " + missing + "; run `vhdboot init --parent FILE` or pass"
                    + " --layout DIR");
        }
        if (!iniName) {
            throw new LayoutException(ini + " is not a layout file: --layout takes the layout folder or its "
                    + Layout.INI_NAME);
        }
        LayoutText text = LayoutText.readIfPresent(ini, LayoutText.Escapes.NONE).orElseThrow(() ->
                new LayoutException("no layout at " + ini.getParent() + ": " + ini.getFileName() + " not found"));
        Layout layout = new Layout(ini.toAbsolutePath().getParent());
        readMain(new LayoutSettings(text, "layout", layout.folder()), layout);
        Optional<LayoutSettings> recovery = LayoutSettings.optional(text, Role.RECOVERY.key(), layout.folder());
        if (recovery.isEmpty()) {
            throw new LayoutException(ini + " lacks a [" + Role.RECOVERY.key() + "] section; run `vhdboot init` again");
        }
        layout.setChild(Role.RECOVERY, child(recovery.get(), layout.name() + " (" + Role.RECOVERY.label() + ")"));
        LayoutTreeSections.read(text, layout);
        LayoutSlotSections.read(text, layout);
        checkDistinct(text, layout);
        Optional<LayoutSettings> schedule = LayoutSettings.optional(text, "schedule", layout.folder());
        if (schedule.isPresent()) {
            readSchedule(schedule.get(), layout);
        }
        Optional<LayoutSettings> reset = LayoutSettings.optional(text, "last_reset", layout.folder());
        if (reset.isPresent()) {
            readLastReset(reset.get(), layout);
        }
        LayoutUpdateSections.read(text, layout);
        return layout;
    }

    private static void readMain(LayoutSettings main, Layout layout) throws LayoutException {
        Optional<String> version = main.word("version");
        if (version.isPresent() && !version.get().equals("1") && !version.get().equals(VERSION)) {
            throw main.invalid("version", version.get().matches("[0-9]{1,9}") ? "is from a newer vhdboot"
                    : "is not a version number (1 or " + VERSION + ")");
        }
        String name = main.required("name");
        Optional<String> problem = LayoutName.problem(name);
        if (problem.isPresent()) {
            // Every image file name is made from it: a path here would put snapshots and versions elsewhere.
            throw main.invalid("name", problem.get());
        }
        layout.setName(name);
        layout.setFormat(main.parse("format", LayoutFile::imageFormat, "is not vhdx or vhd").orElseThrow(() ->
                main.missing("format")));
        layout.setParentFile(main.fileName("parent"));
        Optional<String> linkId = main.guid("parent_link_id");
        Optional<Long> parentSize = main.parse("parent_size", Long::parseLong, "is not a number of bytes");
        if (linkId.isPresent() && parentSize.isPresent()) {
            layout.setParentIdentity(new Layout.ParentIdentity(linkId.get(), parentSize.get(),
                    main.instant("parent_modified").orElse(null)));
        }
        layout.setCreated(main.instant("created").orElse(null));
        layout.setTemplate(main.word("template").orElse("auto"));
        layout.setTimeout(main.parse("timeout", LayoutFile::timeout, "is not a number of seconds from 0 to "
                + Layout.MAX_TIMEOUT_SECONDS).orElse(5));
        layout.setBootStore(main.parse("boot_store", LayoutFile::bootStore, "is not " + BootStoreKind.CHOICES)
                .orElse(BootStoreKind.BCDEDIT));
        layout.setStoreFile(main.text("store").orElse(null));
        layout.setBcdedit(main.text("bcdedit").orElse(null));
        Optional<String> bootFolder = main.text("boot_folder");
        // Its form is checked where entries are made: a layout without entries never uses it, and may hold any.
        Optional<String> unusable = bootFolder.flatMap(EntryText::problem);
        if (unusable.isPresent()) {
            throw main.invalid("boot_folder", unusable.get());
        }
        layout.setBootFolder(bootFolder.orElse(null));
        layout.setBackupFile(main.optionalFileName("bcd_backup").orElse(null));
        layout.setFreeSpace(main.parse("free_space", FreeSpacePolicy::parse, "is not warn, refuse or ignore")
                .orElse(FreeSpacePolicy.WARN));
        layout.setMaxDepth(main.parse("max_depth", LayoutFile::maxDepth, "is not a number of links from 1 to "
                + DiskImages.MAX_CHAIN_DEPTH).orElse(Layout.DEFAULT_MAX_DEPTH));
    }

    private static int maxDepth(String text) {
        int depth = Integer.parseInt(text);
        if (depth < 1 || depth > DiskImages.MAX_CHAIN_DEPTH) {
            throw new IllegalArgumentException("out of range");
        }
        return depth;
    }

    /** A child's section: its file, boot entry and menu text. */
    static Layout.Child child(LayoutSettings child, String defaultDescription) throws LayoutException {
        String file = child.fileName("file");
        UUID entry = child.parse("entry", text -> UUID.fromString(text.replace("{", "").replace("}", "")),
                "is not a boot entry GUID like {01234567-89ab-cdef-0123-456789abcdef}").orElse(null);
        Optional<String> description = child.text("description");
        Optional<String> unusable = description.flatMap(EntryText::problem);
        if (unusable.isPresent()) {
            throw child.invalid("description", unusable.get());
        }
        return new Layout.Child(file, entry, description.orElse(defaultDescription));
    }

    private static void readSchedule(LayoutSettings schedule, Layout layout) throws LayoutException {
        Set<DayOfWeek> days = schedule.parse("days", Schedule::parseDays, "").orElse(Schedule.parseDays("daily"));
        Duration warning = schedule.parse("warn", Schedule::parseDuration, "").orElse(Duration.ZERO);
        // Never guessed: a misspelt recovery read as current would wipe the wrong child.
        Role target = schedule.parse("target", text -> Role.parse(text).orElseThrow(IllegalArgumentException::new),
                "is not current or recovery").orElse(Role.CURRENT);
        Schedule.Missed missed = schedule.parse("missed", Schedule.Missed::parse, "").orElse(Schedule.Missed.RESET);
        try {
            layout.setSchedule(new Schedule(schedule.parse("daily", Schedule::parseTime, "").orElseThrow(() ->
                    schedule.missing("daily")), days, warning, target, missed));
        } catch (IllegalArgumentException e) {
            throw schedule.invalid("warn", "(" + e.getMessage() + ")");
        }
        layout.setHandledDue(schedule.instant("handled").orElse(null));
    }

    /** A record of what happened, so it is read leniently where the old format was lenient. */
    private static void readLastReset(LayoutSettings reset, Layout layout) throws LayoutException {
        Role target = reset.word("target").flatMap(Role::parse).orElse(Role.CURRENT);
        layout.setLastReset(new Layout.LastReset(target, reset.instant("started").orElse(null),
                reset.instant("finished").orElse(null), reset.word("result").map("ok"::equals).orElse(false),
                reset.text("message").orElse(""),
                reset.parse("duration_ms", Long::parseLong, "is not a number of milliseconds").orElse(0L)));
    }

    /**
     * The parent and the two children are three different files, of the layout's format, and a child's
     * temporary name is neither of the others: otherwise a reset could delete or rename over the parent or the
     * other child.
     */
    private static void checkDistinct(LayoutText text, Layout layout) throws LayoutException {
        LayoutText.Entry parent = entry(text, "layout", "parent");
        checkExtension(text, parent, layout);
        Map<String, LayoutText.Entry> names = new LinkedHashMap<>();
        names.put(key(parent.value()), parent);
        for (String section : new String[] {Slot.A.section(), Slot.B.section(), Role.RECOVERY.key()}) {
            if (text.section(section).isEmpty()) {
                continue;
            }
            LayoutText.Entry file = entry(text, section, "file");
            checkExtension(text, file, layout);
            String temporary = StagedFile.temporaryFor(layout.folder().resolve(file.value())).getFileName().toString();
            for (String name : new String[] {file.value(), temporary}) {
                LayoutText.Entry earlier = names.putIfAbsent(key(name), file);
                if (earlier != null) {
                    throw text.invalid(file, "is the same file as [" + earlier.section() + "] " + earlier.key()
                            + " on line " + earlier.line() + (name.equals(file.value()) ? "" : " (by its temporary name "
                            + name + ")") + "; the parent and the two children must be three different files");
                }
            }
        }
        for (TreeImage image : layout.tree().all()) {
            if (image.ref().equals(ImageRef.BASE_VERSION)) {
                continue;
            }
            LayoutText.Entry file = entry(text, image.ref().section(), "file");
            LayoutText.Entry earlier = names.putIfAbsent(key(file.value()), file);
            if (earlier != null) {
                throw text.invalid(file, "is the same file as [" + earlier.section() + "] " + earlier.key()
                        + " on line " + earlier.line() + "; every image of the layout is a file of its own");
            }
        }
    }

    private static void checkExtension(LayoutText text, LayoutText.Entry entry, Layout layout) throws LayoutException {
        String extension = "." + layout.format().extension();
        if (!key(entry.value()).endsWith(extension)) {
            throw text.invalid(entry, "is not a " + extension + " file, as format = " + layout.format().extension()
                    + " says");
        }
    }

    private static LayoutText.Entry entry(LayoutText text, String section, String key) {
        return text.section(section).flatMap(s -> s.entry(key)).orElseThrow();
    }

    /** Windows compares file names without regard to case. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public static void save(Layout layout, FileSteps steps) throws IOException {
        render(layout).writeAtomically(layout.iniPath(), steps);
    }

    /**
     * Refuses, before anything changes, a command that adds images to a layout whose ini is near the most vhdboot
     * reads back: a journalled change whose record then could not be written would hold up every later command.
     */
    public static void requireRoomToGrow(Layout layout, String command) throws LayoutException {
        int size = render(layout).bytes().length;
        if (size > LayoutText.MAX_BYTES - ROOM_TO_GROW) {
            throw new LayoutException(layout.iniPath() + " holds " + LayoutText.kib(size) + ", near the "
                    + LayoutText.kib(LayoutText.MAX_BYTES) + " vhdboot reads back, so " + command + " adds nothing to it;"
                    + " remove snapshots or versions first (snapshot delete, image prune)");
        }
    }

    private static LayoutText.Writer render(Layout layout) {
        LayoutText.Writer file = new LayoutText.Writer(LayoutText.Escapes.NONE).comment(HEADER).section("layout");
        file.put("version", VERSION)
                .put("name", layout.name())
                .put("format", layout.format().extension())
                .put("parent", layout.parentFile());
        layout.parentIdentity().ifPresent(identity -> {
            file.put("parent_link_id", identity.linkId()).put("parent_size", String.valueOf(identity.virtualSize()));
            if (identity.modified() != null) {
                file.put("parent_modified", identity.modified().toString());
            }
        });
        if (layout.created() != null) {
            file.put("created", layout.created().toString());
        }
        file.put("template", layout.template())
                .put("timeout", String.valueOf(layout.timeout()))
                .put("boot_store", layout.bootStore().key());
        layout.storeFile().ifPresent(v -> file.put("store", v));
        layout.bcdedit().ifPresent(v -> file.put("bcdedit", v));
        layout.bootFolder().ifPresent(v -> file.put("boot_folder", v));
        layout.backupFile().ifPresent(v -> file.put("bcd_backup", v));
        file.put("free_space", layout.freeSpace().key())
                .put("max_depth", String.valueOf(layout.maxDepth()));
        LayoutSlotSections.writeSlots(file, layout);
        layout.findChild(Role.RECOVERY).ifPresent(child -> file.section(Role.RECOVERY.key())
                .put("file", child.file())
                .put("entry", child.entryId() == null ? "" : "{" + child.entryId() + "}")
                .put("description", child.description())
                .put("version", layout.recoveryVersion().name()));
        LayoutTreeSections.write(file, layout);
        LayoutSlotSections.writeSwitch(file, layout);
        layout.schedule().ifPresent(schedule -> {
            file.section("schedule")
                    .put("daily", schedule.time().toString())
                    .put("days", Schedule.formatDays(schedule.days()))
                    .put("warn", Schedule.formatDuration(schedule.warning()))
                    .put("target", schedule.target().key())
                    .put("missed", schedule.missed().key());
            layout.handledDue().ifPresent(handled -> file.put("handled", handled.toString()));
            LayoutUpdateSections.writePolicy(file, layout);
        });
        layout.lastReset().ifPresent(reset -> file.section("last_reset")
                .put("target", reset.target().key())
                .put("started", String.valueOf(reset.started()))
                .put("finished", String.valueOf(reset.finished()))
                .put("result", reset.succeeded() ? "ok" : "failed")
                .put("message", reset.message())
                .put("duration_ms", String.valueOf(reset.durationMillis())));
        LayoutUpdateSections.writeLastPull(file, layout);
        return file;
    }

    private static DiskFormat imageFormat(String text) {
        DiskFormat format = DiskFormat.valueOf(text.toUpperCase(Locale.ROOT));
        if (format == DiskFormat.RAW) {
            throw new IllegalArgumentException("raw");
        }
        return format;
    }

    private static int timeout(String text) {
        int seconds = Integer.parseInt(text);
        if (seconds < 0 || seconds > Layout.MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("out of range");
        }
        return seconds;
    }

    private static BootStoreKind bootStore(String text) {
        return BootStoreKind.parse(text);
    }

}
