package org.vhdboot.ops;

import org.ini4j.Config;
import org.ini4j.Ini;
import org.ini4j.Profile;
import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.disk.DiskFormat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reads and writes {@code vhdboot.ini} (with ini4j); writes are atomic, so the file is never half written. */
public final class LayoutFile {
    private static final String HEADER = "; vhdboot layout: written by vhdboot, safe to read; edit with care."
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
        if (!Files.isRegularFile(ini)) {
            throw new LayoutException("no layout at " + ini.getParent() + ": " + ini.getFileName()
                    + " not found; run `vhdboot init --parent FILE` or pass --layout DIR");
        }
        if (!ini.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".ini")) {
            throw new LayoutException(ini + " is not a layout file: --layout takes the layout folder or its "
                    + Layout.INI_NAME);
        }
        Ini file = newIni();
        try {
            file.load(new StringReader(text(ini)));
        } catch (org.ini4j.InvalidFileFormatException e) {
            throw new LayoutException(ini + " is not a valid ini file: " + e.getMessage().strip());
        }
        Layout layout = new Layout(ini.toAbsolutePath().getParent());
        try {
            Profile.Section main = required(file, "layout", ini);
            String version = plain(main, "version");
            if (version != null && !version.equals("1")) {
                throw new LayoutException(ini + " has layout version " + version + "; it was written by a newer vhdboot");
            }
            layout.setName(requiredValue(main, "name", ini));
            layout.setFormat(DiskFormat.valueOf(requiredValue(main, "format", ini).toUpperCase(java.util.Locale.ROOT)));
            layout.setParentFile(requiredValue(main, "parent", ini));
            String linkId = main.get("parent_link_id");
            String parentSize = main.get("parent_size");
            if (linkId != null && parentSize != null) {
                layout.setParentIdentity(new Layout.ParentIdentity(linkId, Long.parseLong(parentSize),
                        instant(plain(main, "parent_modified"))));
            }
            layout.setCreated(instant(main.get("created")));
            layout.setTemplate(Optional.ofNullable(plain(main, "template")).orElse("auto"));
            layout.setTimeout(timeout(plain(main, "timeout"), ini));
            layout.setBootStore(bootStore(plain(main, "boot_store"), ini));
            layout.setStoreFile(main.get("store"));
            layout.setBcdedit(main.get("bcdedit"));
            layout.setBootFolder(main.get("boot_folder"));
            layout.setBackupFile(main.get("bcd_backup"));
            layout.setFreeSpace(freeSpace(plain(main, "free_space"), ini));
            for (Role role : Role.values()) {
                Profile.Section child = file.get(role.key());
                if (child == null) {
                    continue;
                }
                String entry = plain(child, "entry");
                layout.setChild(role, new Layout.Child(requiredValue(child, "file", ini),
                        entry == null || entry.isBlank() ? null : UUID.fromString(entry.replace("{", "").replace("}", "")),
                        child.getOrDefault("description", layout.name() + " (" + role.label() + ")")));
            }
            Profile.Section reset = file.get("last_reset");
            if (reset != null) {
                layout.setLastReset(new Layout.LastReset(Role.parse(reset.getOrDefault("target", "current"))
                        .orElse(Role.CURRENT), instant(reset.get("started")), instant(reset.get("finished")),
                        "ok".equals(reset.get("result")), reset.getOrDefault("message", ""),
                        Long.parseLong(reset.getOrDefault("duration_ms", "0"))));
            }
            Profile.Section schedule = file.get("schedule");
            if (schedule != null) {
                Set<DayOfWeek> days = Schedule.parseDays(schedule.getOrDefault("days", "daily"));
                Duration warning = Schedule.parseDuration(schedule.getOrDefault("warn", "0"));
                layout.setSchedule(new Schedule(Schedule.parseTime(requiredValue(schedule, "daily", ini)), days, warning,
                        scheduleTarget(schedule.getOrDefault("target", "current"), ini),
                        Schedule.Missed.parse(schedule.getOrDefault("missed", "reset"))));
                layout.setHandledDue(instant(schedule.get("handled")));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new LayoutException(ini + ": " + e.getMessage());
        }
        if (layout.findChild(Role.CURRENT).isEmpty() || layout.findChild(Role.RECOVERY).isEmpty()) {
            throw new LayoutException(ini + " lacks a [current] or [recovery] section; run `vhdboot init` again");
        }
        return layout;
    }

    public static void save(Layout layout, FileSteps steps) throws IOException {
        Ini file = newIni();
        Profile.Section main = file.add("layout");
        main.put("version", "1");
        main.put("name", layout.name());
        main.put("format", layout.format().extension());
        main.put("parent", layout.parentFile());
        layout.parentIdentity().ifPresent(identity -> {
            main.put("parent_link_id", identity.linkId());
            main.put("parent_size", String.valueOf(identity.virtualSize()));
            if (identity.modified() != null) {
                main.put("parent_modified", identity.modified().toString());
            }
        });
        if (layout.created() != null) {
            main.put("created", layout.created().toString());
        }
        main.put("template", layout.template());
        main.put("timeout", String.valueOf(layout.timeout()));
        main.put("boot_store", layout.bootStore().key());
        layout.storeFile().ifPresent(v -> main.put("store", v));
        layout.bcdedit().ifPresent(v -> main.put("bcdedit", v));
        layout.bootFolder().ifPresent(v -> main.put("boot_folder", v));
        layout.backupFile().ifPresent(v -> main.put("bcd_backup", v));
        main.put("free_space", layout.freeSpace().key());
        for (Role role : Role.values()) {
            layout.findChild(role).ifPresent(child -> {
                Profile.Section section = file.add(role.key());
                section.put("file", child.file());
                section.put("entry", child.entryId() == null ? "" : "{" + child.entryId() + "}");
                section.put("description", child.description());
            });
        }
        layout.schedule().ifPresent(schedule -> {
            Profile.Section section = file.add("schedule");
            section.put("daily", schedule.time().toString());
            section.put("days", Schedule.formatDays(schedule.days()));
            section.put("warn", Schedule.formatDuration(schedule.warning()));
            section.put("target", schedule.target().key());
            section.put("missed", schedule.missed().key());
            layout.handledDue().ifPresent(handled -> section.put("handled", handled.toString()));
        });
        layout.lastReset().ifPresent(reset -> {
            Profile.Section section = file.add("last_reset");
            section.put("target", reset.target().key());
            section.put("started", reset.started().toString());
            section.put("finished", reset.finished().toString());
            section.put("result", reset.succeeded() ? "ok" : "failed");
            section.put("message", reset.message());
            section.put("duration_ms", String.valueOf(reset.durationMillis()));
        });
        StringWriter text = new StringWriter();
        text.write(HEADER + System.lineSeparator());
        file.store(text);
        steps.writeAtomically(layout.iniPath(), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The file as text: UTF-8, with the byte order mark Notepad may add removed. */
    private static String text(Path ini) throws IOException, LayoutException {
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(ini))).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new LayoutException(ini + " is not UTF-8 text; save it as UTF-8");
        }
    }

    /** A setting without a trailing {@code ; comment}: for words and numbers, which never contain one. */
    private static String plain(Profile.Section section, String key) {
        String value = section.get(key);
        if (value == null) {
            return null;
        }
        String stripped = value.replaceFirst("\\s+[;#].*$", "").strip();
        return stripped.isEmpty() ? null : stripped;
    }

    private static int timeout(String value, Path ini) throws LayoutException {
        if (value == null) {
            return 5;
        }
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 0 && seconds <= Layout.MAX_TIMEOUT_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new LayoutException(ini + ": timeout = " + value + " is not a number of seconds from 0 to "
                + Layout.MAX_TIMEOUT_SECONDS);
    }

    /** Never guessed: a misspelt {@code recovery} read as {@code current} would wipe the wrong child. */
    private static Role scheduleTarget(String value, Path ini) throws LayoutException {
        return Role.parse(value).orElseThrow(() -> new LayoutException(ini + ": [schedule] target = " + value
                + " is not current or recovery"));
    }

    private static FreeSpacePolicy freeSpace(String value, Path ini) throws LayoutException {
        try {
            return value == null ? FreeSpacePolicy.WARN : FreeSpacePolicy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new LayoutException(ini + ": free_space = " + value + " is not warn, refuse or ignore");
        }
    }

    private static BootStoreKind bootStore(String value, Path ini) throws LayoutException {
        try {
            return value == null ? BootStoreKind.BCDEDIT : BootStoreKind.parse(value);
        } catch (IllegalArgumentException e) {
            throw new LayoutException(ini + ": boot_store = " + value + " is not " + BootStoreKind.CHOICES);
        }
    }

    private static Ini newIni() {
        Ini ini = new Ini();
        Config config = ini.getConfig().clone();
        // Windows paths keep their backslashes; one value per key; comments are ours to write.
        config.setEscape(false);
        config.setMultiOption(false);
        config.setMultiSection(false);
        config.setEmptyOption(true);
        config.setComment(true);
        config.setLineSeparator(System.lineSeparator());
        ini.setConfig(config);
        return ini;
    }

    private static Profile.Section required(Ini file, String name, Path ini) throws LayoutException {
        Profile.Section section = file.get(name);
        if (section == null) {
            throw new LayoutException(ini + " has no [" + name + "] section");
        }
        return section;
    }

    private static String requiredValue(Profile.Section section, String key, Path ini) throws LayoutException {
        String value = section.get(key);
        if (value == null || value.isBlank()) {
            throw new LayoutException(ini + ": [" + section.getName() + "] lacks " + key);
        }
        return value;
    }

    private static Instant instant(String text) {
        return text == null || text.isBlank() ? null : Instant.parse(text);
    }
}
