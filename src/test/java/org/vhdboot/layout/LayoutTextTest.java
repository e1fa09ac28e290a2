package org.vhdboot.layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.boot.BootStoreKind;
import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.io.IoStepHook;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout files are read strictly, every flaw named by file, line and key, and files written by earlier
 * versions (ini4j for the ini, java.util.Properties for the journal and the pending mark, kept in
 * src/test/resources/layout-files/v1) still read.
 */
class LayoutTextTest {
    private static final Path V1 = Path.of("src/test/resources/layout-files/v1");
    /** The journal is written in this format too (by ops); the parser's cases name that file. */
    private static final String JOURNAL = "vhdboot.journal";

    @TempDir
    Path dir;

    @Test
    void theFilesOfAnEarlierVersionStillRead() throws Exception {
        for (String name : new String[] {Layout.INI_NAME, PendingReset.FILE_NAME}) {
            Files.copy(V1.resolve(name), dir.resolve(name));
        }
        Layout layout = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertEquals("Gold", layout.name());
        assertEquals(DiskFormat.VHDX, layout.format());
        assertEquals("Gold.vhdx", layout.parentFile());
        assertEquals(new Layout.ParentIdentity("91975088-0983-445b-b542-b8293ecac06f", 8 << 20, null),
                layout.parentIdentity().orElseThrow());
        assertEquals(BootStoreKind.SCRIPT, layout.bootStore());
        assertEquals(Optional.of("C:\\VHD"), layout.bootFolder());
        assertEquals(new Layout.Child("Gold-Recovery.vhdx", UUID.fromString("76618815-a970-3f07-a042-3d27194e7a4b"),
                "Gold (Recovery)"), layout.child(Role.RECOVERY));
        assertEquals(new Schedule(LocalTime.of(2, 0), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                Duration.ofMinutes(10), Role.CURRENT, Schedule.Missed.RESET), layout.schedule().orElseThrow());
        assertEquals(Optional.of(Instant.parse("2026-11-26T02:00:00Z")), layout.handledDue());
        assertEquals("replaced by a fresh child of Gold.vhdx", layout.lastReset().orElseThrow().message());

        assertEquals(Optional.of(new PendingReset(Role.CURRENT, Instant.parse("2026-11-27T01:00:00Z"),
                Instant.parse("2026-11-27T01:00:07Z"))), PendingReset.read(dir));
    }

    @Test
    void anIniSavedByNotepadWithCrLfAndAByteOrderMarkReadsTheSame() throws Exception {
        String text = Files.readString(V1.resolve(Layout.INI_NAME));
        Files.writeString(dir.resolve(Layout.INI_NAME), "\uFEFF" + text.replace("\n", "\r\n"));
        Layout layout = LayoutFile.load(dir.resolve(Layout.INI_NAME));
        assertEquals("Gold-Current.vhdx", layout.child(Role.CURRENT).file());
        assertEquals(Optional.of("C:\\VHD"), layout.bootFolder());
    }

    @Test
    void escapedValuesRoundTripAsAscii() throws Exception {
        String value = " lead, tab\t, back\\slash, é, 日本, line\nbreak, = and : and # and !";
        byte[] written = new LayoutText.Writer(LayoutText.Escapes.BACKSLASH).comment("c").put("k", value).bytes();
        assertTrue(new String(written, StandardCharsets.UTF_8).chars().allMatch(c -> c < 0x80));
        LayoutText read = LayoutText.parse(dir.resolve("f"), written, LayoutText.Escapes.BACKSLASH);
        assertEquals(value, read.section(LayoutText.NO_SECTION).orElseThrow().entry("k").orElseThrow().value());
        Properties earlier = new Properties();
        earlier.load(new ByteArrayInputStream(written));
        assertEquals(value, earlier.getProperty("k"));
    }

    @Test
    void aValueWithALineBreakCannotBreakTheIni() throws Exception {
        Path ini = copyOfV1Ini();
        Layout layout = LayoutFile.load(ini);
        Layout.LastReset last = layout.lastReset().orElseThrow();
        layout.setLastReset(new Layout.LastReset(last.target(), last.started(), last.finished(), false,
                "first line\n[current]\nfile = Gold.vhdx", 5));
        LayoutFile.save(layout, new FileSteps(IoStepHook.NONE));
        Layout again = LayoutFile.load(ini);
        assertEquals("Gold-Current.vhdx", again.child(Role.CURRENT).file());
        assertEquals("first line [current] file = Gold.vhdx", again.lastReset().orElseThrow().message());
    }

    /** A version number vhdboot does not know is from a newer one; a word that is none is said to be none. */
    @Test
    void anIniVersionIsReadAsANumber() throws Exception {
        Path ini = copyOfV1Ini();
        String text = Files.readString(ini);
        Files.writeString(ini, text.replace("version = 1", "version = 7"));
        assertEquals(ini + ", line 3: [layout] version = 7 is from a newer vhdboot", assertThrows(
                LayoutException.class, () -> LayoutFile.load(ini)).getMessage());
        Files.writeString(ini, text.replace("version = 1", "version = abc"));
        assertEquals(ini + ", line 3: [layout] version = abc is not a version number (1 or 2)", assertThrows(
                LayoutException.class, () -> LayoutFile.load(ini)).getMessage());
    }

    /** A link id is a GUID in the one form vhdboot writes; the JDK's lenient {@code 1-2-3-4-5} is not. */
    @Test
    void aLinkIdThatIsNoGuidIsNamedAsOne() throws Exception {
        Path ini = copyOfV1Ini();
        String text = Files.readString(ini);
        for (String bad : new String[] {"zz", "1-2-3-4-5"}) {
            Files.writeString(ini, text.replace("parent_link_id = 91975088-0983-445b-b542-b8293ecac06f",
                    "parent_link_id = " + bad));
            assertEquals(ini + ", line 7: [layout] parent_link_id = " + bad + " is not a GUID", assertThrows(
                    LayoutException.class, () -> LayoutFile.load(ini)).getMessage());
        }
        Files.writeString(ini, text.replace("91975088-0983-445b-b542-b8293ecac06f",
                "91975088-0983-445B-B542-B8293ECAC06F"));
        assertEquals("91975088-0983-445b-b542-b8293ecac06f",
                LayoutFile.load(ini).parentIdentity().orElseThrow().linkId());
    }

    private Path copyOfV1Ini() throws Exception {
        return Files.copy(V1.resolve(Layout.INI_NAME), dir.resolve(Layout.INI_NAME));
    }

    /** In the cases below {LF} is a line break, {NUL} and {BEL} those control characters; backslashes are literal. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bad \\u escape      | target=current{LF}replacement=a\\u00zzb{LF} | line 2: replacement holds '\\u00zz', which is not a \\u escape (four hex digits)",
        "short \\u escape    | target=current{LF}replacement=a\\u12{LF}    | line 2: replacement holds '\\u12', which is not a \\u escape (four hex digits)",
        "no equals sign      | # c{LF}target current{LF}                   | line 2: 'target current' is not a setting (key = value)",
        "no key              | =current{LF}                                | line 1: a setting without a key",
        "key set twice       | target=current{LF}target=recovery{LF}       | line 2: target is set twice (also on line 1)",
        "NUL byte            | target=cur{NUL}rent{LF}                     | line 1: target holds a control character (\\u0000)",
        "control character   | target=current{LF}{BEL}{LF}                 | line 2 holds a control character (\\u0007)",
        "trailing backslash  | target=current\\{LF}                        | line 1: target ends with a backslash (a value continued on the next line is not supported)",
    })
    void aMalformedFileIsOneErrorNamingFileLineAndKey(String what, String text, String expected) throws Exception {
        Path file = dir.resolve(JOURNAL);
        byte[] bytes = text.replace("{LF}", "\n").replace("{NUL}", "\u0000").replace("{BEL}", "\u0007")
                .getBytes(StandardCharsets.UTF_8);
        LayoutException refused = assertThrows(LayoutException.class,
                () -> LayoutText.parse(file, bytes, LayoutText.Escapes.BACKSLASH));
        assertEquals(file + ", " + expected, refused.getMessage(), what);
        assertEquals(1, refused.getMessage().lines().count());
    }

    @Test
    void textThatIsNotUtf8IsNamedByLineAndKey() {
        Path file = dir.resolve(JOURNAL);
        byte[] bytes = {'t', '=', 'c', '\n', 'k', 'e', 'y', '=', (byte) 0xC3, '(', '\n'};
        LayoutException refused = assertThrows(LayoutException.class,
                () -> LayoutText.parse(file, bytes, LayoutText.Escapes.BACKSLASH));
        assertEquals(file + ", line 2: key holds text that is not UTF-8; save the file as UTF-8", refused.getMessage());
    }

    @Test
    void aHugeFileIsRefusedWithoutReadingItWhole() throws Exception {
        Path file = dir.resolve(JOURNAL);
        Files.write(file, new byte[LayoutText.MAX_BYTES + 1]);
        LayoutException refused = assertThrows(LayoutException.class,
                () -> LayoutText.readIfPresent(file, LayoutText.Escapes.BACKSLASH));
        assertTrue(refused.getMessage().startsWith(file + " is larger than 1024 KiB"), refused.getMessage());
    }

    /** What the reader above refuses, the writer never writes: an earlier file stays, whole, and no temporary is left. */
    @Test
    void textLargerThanTheReaderTakesIsNotWritten() throws Exception {
        Path file = dir.resolve(Layout.INI_NAME);
        Files.writeString(file, "[layout]\nname = kept\n");
        LayoutText.Writer text = new LayoutText.Writer(LayoutText.Escapes.NONE).section("layout");
        for (int i = 0; i < 1100; i++) {
            text.put("note" + i, "n".repeat(1000));
        }
        java.io.IOException refused = assertThrows(java.io.IOException.class,
                () -> text.writeAtomically(file, new FileSteps(IoStepHook.NONE)));
        // 1,100 lines of about a thousand bytes: 1,087 KiB with one-byte line ends, 1,088 KiB with Windows'.
        assertTrue(refused.getMessage().matches(java.util.regex.Pattern.quote(file.toString()) + " would hold 108[78] KiB,"
                + " more than the 1024 KiB vhdboot reads back, so it was not written; remove snapshots or versions, or"
                + " shorten their notes, and run the command again"), refused.getMessage());
        assertEquals("[layout]\nname = kept\n", Files.readString(file));
        try (var left = Files.list(dir)) {
            assertEquals(java.util.List.of(file), left.toList());
        }
        new LayoutText.Writer(LayoutText.Escapes.NONE).section("layout").put("name", "n".repeat(1000))
                .writeAtomically(file, new FileSteps(IoStepHook.NONE));
        assertTrue(LayoutText.readIfPresent(file, LayoutText.Escapes.NONE).isPresent());
    }

    @Test
    void anIniSectionGivenTwiceIsNamed() {
        Path file = dir.resolve(Layout.INI_NAME);
        byte[] bytes = "[layout]\nname = a\n\n[layout]\nname = b\n".getBytes(StandardCharsets.UTF_8);
        LayoutException refused = assertThrows(LayoutException.class,
                () -> LayoutText.parse(file, bytes, LayoutText.Escapes.NONE));
        assertEquals(file + ", line 4: section [layout] appears twice (also on line 1)", refused.getMessage());
    }

    @Test
    void iniValuesKeepTheirBackslashes() throws Exception {
        byte[] bytes = "[layout]\nstore = S:\\EFI\\Microsoft\\Boot\\BCD\n".getBytes(StandardCharsets.UTF_8);
        LayoutText text = LayoutText.parse(dir.resolve(Layout.INI_NAME), bytes, LayoutText.Escapes.NONE);
        assertEquals("S:\\EFI\\Microsoft\\Boot\\BCD", text.section("layout").orElseThrow().entry("store").orElseThrow()
                .value());
    }
}
