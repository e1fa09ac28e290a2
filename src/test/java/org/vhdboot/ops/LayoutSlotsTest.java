package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.layout.SwitchRecord;
import org.vhdboot.layout.TreeImage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The A/B slots in {@code vhdboot.ini} version 2: {@code [current.b]}, {@code [active]}, {@code [recovery] version}
 * and {@code [switch]} read back as written, Current is the active slot's child, and every hostile value in them is
 * refused with one line naming the file, the section and the key.
 */
class LayoutSlotsTest {
    private static final Path V1 = Path.of("src/test/resources/layout-files/v1");
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private Layout v1() throws Exception {
        Files.copy(V1.resolve(Layout.INI_NAME), dir.resolve(Layout.INI_NAME));
        return LayoutFile.load(dir.resolve(Layout.INI_NAME));
    }

    private static TreeImage version(String name, ImageRef parent, Layout layout) {
        return new TreeImage(new ImageRef(ImageRef.Kind.VERSION, name), layout.versionFile(name), Optional.of(parent),
                AT, "0b8e4bc5-5a3e-4d34-9d3c-2b0d1b1e8c11", "monthly updates", "ab".repeat(32));
    }

    @Test
    void aSwitchedLayoutReadsBackAsWrittenAndCurrentIsTheActiveSlot() throws Exception {
        Layout layout = v1();
        layout.tree().put(version("2026-12", ImageRef.BASE_VERSION, layout));
        ImageRef december = new ImageRef(ImageRef.Kind.VERSION, "2026-12");
        UUID entry = UUID.fromString("3c7a5f0e-1111-4222-8333-944455556666");
        layout.setSlot(Slot.B, new Layout.Child("Gold-Current-B.vhdx", entry, "Gold (Current)"));
        layout.setSlotBase(Slot.B, december);
        layout.setActiveSlot(Slot.B);
        layout.setRecoveryVersion(december);
        layout.setLastSwitch(SwitchRecord.pending("2026-12", Slot.A, AT, Optional.of(AT.plusSeconds(1800)))
                .bootedAt(AT.plusSeconds(60)).ended(SwitchRecord.State.CONFIRMED, AT.plusSeconds(700), ""));
        LayoutFile.save(layout, new FileSteps(IoStepHook.NONE));

        Layout read = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertEquals(Slot.B, read.activeSlot());
        assertEquals("Gold-Current-B.vhdx", read.child(Role.CURRENT).file());
        assertEquals(entry, read.child(Role.CURRENT).entryId());
        assertEquals(dir.resolve("Gold-Current-B.vhdx"), read.childPath(Role.CURRENT));
        assertEquals("Gold-Current.vhdx", read.slot(Slot.A).orElseThrow().file());
        assertEquals(december, read.currentBase());
        assertEquals(december, read.currentVersion());
        assertEquals(ImageRef.BASE_VERSION, read.slotBase(Slot.A));
        assertEquals(december, read.standsOn(Role.RECOVERY));
        assertEquals(layout.lastSwitch(), read.lastSwitch());
        assertEquals(layout.tree().all(), read.tree().all());
        String text = Files.readString(dir.resolve(Layout.INI_NAME));
        assertTrue(text.contains("[current.b]") && text.contains("[active]\nslot = b".replace("\n",
                System.lineSeparator())), text);
    }

    @Test
    void aVersionOneLayoutHasSlotAActiveAndNoSwitch() throws Exception {
        Layout layout = v1();
        assertEquals(Slot.A, layout.activeSlot());
        assertEquals(Optional.empty(), layout.slot(Slot.B));
        assertEquals(Optional.empty(), layout.lastSwitch());
        assertEquals(ImageRef.BASE_VERSION, layout.recoveryVersion());
        assertEquals("Gold-Current-B.vhdx", Slot.B.fileFor(layout));
    }

    private LayoutException refused(String edit, String sections) throws Exception {
        String ini = Files.readString(V1.resolve(Layout.INI_NAME));
        if (!edit.isEmpty()) {
            String[] change = edit.split("=>");
            ini = ini.replace(change[0].strip(), change[1].strip().replace("|", "\n"));
        }
        Files.writeString(dir.resolve(Layout.INI_NAME), ini + "\n" + sections.replace("|", "\n"),
                StandardCharsets.UTF_8);
        return assertThrows(LayoutException.class, () -> LayoutFile.load(dir.resolve(Layout.INI_NAME)));
    }

    private static final String SLOT_B = "[current.b]|file = Gold-Current-B.vhdx|entry = |description = x";
    private static final String DECEMBER = "[version.dec]|file = Gold-v-dec.vhdx|parent = base";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "an unknown slot #  # [active]|slot = c # [active] slot = c is not a or b",
        "an active slot without its section #  # [active]|slot = b # lacks a [current.b] section, the active slot",
        "slot b under another name #  # [current.b]|file = Gold-B.vhdx # [current.b] file = Gold-B.vhdx is not the"
                + " file vhdboot names slot b (Gold-Current-B.vhdx)",
        "slot b as the parent #  # [current.b]|file = Gold.vhdx # is not the file vhdboot names slot b",
        "slot b outside the folder #  # [current.b]|file = ..\\Gold-Current-B.vhdx # is not a plain file name",
        "a slot base not recorded #  # " + SLOT_B + "|base = version:dec # [current.b] base = version:dec is not"
                + " recorded in the layout",
        "a slot version that is not its base's #  # " + DECEMBER + "|" + SLOT_B + "|base = version:base|version = dec"
                + " # [current.b] version = dec is not the version under base = version:base",
        "a Recovery version not recorded # description = Gold (Recovery) => description = x|version = dec #  #"
                + " [recovery] version = dec is not a version the layout records",
        "a version under another file name #  # [version.dec]|file = Gold-Current.vhdx|parent = base"
                + " # is not the file vhdboot names version:dec (Gold-v-dec.vhdx)",
        "a switch to a version not recorded #  # [switch]|version = dec|from = a|to = b|state = failed"
                + "|started = 2026-12-01T10:00:00Z # [switch] version = dec is not a version the layout records",
        "a switch into the same slot #  # " + DECEMBER + "|[switch]|version = dec|from = a|to = a|state = failed"
                + "|started = 2026-12-01T10:00:00Z # [switch] to = a is the slot the switch came from",
        "an unknown switch state #  # " + DECEMBER + "|[switch]|version = dec|from = a|to = b|state = maybe"
                + "|started = 2026-12-01T10:00:00Z # [switch] state = maybe is not pending, confirmed, failed",
        "a pending switch into a slot not recorded #  # " + DECEMBER + "|[switch]|version = dec|from = a|to = b"
                + "|state = pending|started = 2026-12-01T10:00:00Z # [switch] to = b names a slot the layout does not",
        "a switch without its start #  # " + DECEMBER + "|[switch]|version = dec|from = a|to = b|state = failed"
                + " # [switch] lacks started",
        "a slot b without [active] #  # " + SLOT_B + " # lacks its [active] section",
        "a switch without [active] #  # " + DECEMBER + "|[switch]|version = dec|from = a|to = b|state = failed"
                + "|started = 2026-12-01T10:00:00Z # lacks its [active] section",
        "a confirmed switch that left its old slot active #  # " + DECEMBER + "|" + SLOT_B + "|[active]|slot = a"
                + "|[switch]|version = dec|from = a|to = b|state = confirmed|started = 2026-12-01T10:00:00Z"
                + " # [active] slot = a is not the slot a confirmed switch from slot a to slot b leaves active (b)",
        "a pending switch whose new slot is already active #  # " + DECEMBER + "|" + SLOT_B + "|[active]|slot = b"
                + "|[switch]|version = dec|from = a|to = b|state = pending|started = 2026-12-01T10:00:00Z"
                + " # [active] slot = b is not the slot a pending switch from slot a to slot b leaves active (a)",
    })
    void aHostileSlotOrSwitchIsRefusedNamingTheSectionAndKey(String what, String edit, String sections,
                                                               String expected) throws Exception {
        LayoutException error = refused(edit == null ? "" : edit.strip(), sections == null ? "" : sections.strip());
        assertTrue(error.getMessage().contains(expected.strip()), what + ": " + error.getMessage());
        assertTrue(error.getMessage().startsWith(dir.resolve(Layout.INI_NAME).toString()), error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void slotBCannotBeRecoveryUnderAnotherSpelling() throws Exception {
        LayoutException error = refused("file = Gold-Recovery.vhdx => file = Gold-current-B.vhdx",
                SLOT_B + "|[active]|slot = a");
        assertTrue(error.getMessage().contains("is the same file as [current.b] file"), error.getMessage());
    }
}
