package org.vhdboot.boot.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.process.ProcessResult;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake answers in the documented output shapes of bcdedit; these tests keep it honest, and
 * {@link FakeBcdeditAgreesWithStandinTest} keeps the Python stand-in saying the same.
 */
class FakeBcdeditTest {

    @TempDir
    Path directory;

    private static List<String> lines(ProcessResult result, Charset charset) {
        return new String(result.stdout(), charset).lines().toList();
    }

    /** Display cells of a label, counting CJK characters as two. */
    private static int cells(String text) {
        return text.codePoints().map(c -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.KATAKANA
                    || script == Character.UnicodeScript.HIRAGANA ? 2 : 1;
        }).sum();
    }

    @Test
    void chineseOutputInGbkWithEnglishDashCountsAndWidthPadding() throws Exception {
        FakeBcdedit fake = FakeBcdedit.in(directory, "zh", "gbk");

        List<String> lines = lines(fake.run("/enum"), Charset.forName("GBK"));

        assertEquals(List.of("", "Windows 启动管理器", "-".repeat(20), "标识符" + " ".repeat(18) + "{bootmgr}"),
                lines.subList(0, 4));
        assertTrue(lines.contains("displayorder            {current}"), lines.toString());
        assertTrue(lines.contains("Windows 启动加载器"));
        assertTrue(lines.contains("-".repeat(19)));
        assertTrue(lines.contains("标识符" + " ".repeat(18) + "{current}"));
    }

    @Test
    void everyValueStartsAtDisplayCell24InEveryLanguage() throws Exception {
        Pattern labelAndValue = Pattern.compile("(\\S+)( +)(\\S.*)");
        for (String language : List.of("en", "de", "fr", "zh", "ja")) {
            FakeBcdedit fake = FakeBcdedit.in(directory.resolve(language), language, "utf-8");
            List<String> lines = lines(fake.run("/enum", "all", "/v"), StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < lines.size(); i++) {
                String line = lines.get(i);
                boolean titleOrDashes = line.startsWith("---") || lines.get(i + 1).startsWith("---");
                if (line.isEmpty() || titleOrDashes) {
                    continue;
                }
                if (line.startsWith(" ")) {
                    assertEquals(" ".repeat(24), line.substring(0, 24), language + ": " + line);
                    assertTrue(line.charAt(24) != ' ', language + ": " + line);
                } else {
                    Matcher parts = labelAndValue.matcher(line);
                    assertTrue(parts.matches(), language + ": " + line);
                    assertEquals(24, cells(parts.group(1)) + parts.group(2).length(), language + ": " + line);
                }
            }
        }
    }

    @Test
    void verboseOutputShowsGuidsWhereOtherwiseAliasesAppear() throws Exception {
        FakeBcdedit fake = FakeBcdedit.in(directory, "en", "utf-8");

        List<String> plain = lines(fake.run("/enum", "{bootmgr}"), StandardCharsets.UTF_8);
        List<String> verbose = lines(fake.run("/enum", "{bootmgr}", "/v"), StandardCharsets.UTF_8);

        assertTrue(plain.contains("identifier              {bootmgr}"));
        assertTrue(plain.contains("default                 {current}"));
        assertTrue(verbose.contains("identifier              {9dea862c-5cdd-4e70-acc1-f32b344d4795}"));
        assertTrue(verbose.contains("default                 {3e1c7a52-8f0d-4b6e-a2c4-5d9e0f1b7a63}"));
        assertTrue(verbose.contains("inherit                 {7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}"));
    }

    @Test
    void japaneseHasNoBlankLinesAnd32Dashes() throws Exception {
        FakeBcdedit fake = FakeBcdedit.in(directory, "ja", "cp932");

        List<String> lines = lines(fake.run("/enum"), Charset.forName("windows-31j"));

        assertEquals(List.of("Windows ブート マネージャー", "-".repeat(32), "identifier              {bootmgr}"),
                lines.subList(0, 3));
        assertTrue(lines.stream().noneMatch(String::isEmpty));
    }

    @Test
    void anInjectedFailureLeavesTheStoreUntouched() throws Exception {
        FakeBcdedit fake = FakeBcdedit.in(directory, "en", "utf-8");
        assertEquals(0, fake.run("/enum").exitCode());
        String before = Files.readString(fake.store());
        fake.failAt(2);

        assertEquals(0, fake.run("/timeout", "7").exitCode());
        String afterFirst = Files.readString(fake.store());
        ProcessResult second = fake.run("/timeout", "9");

        assertEquals(1, second.exitCode());
        assertEquals(afterFirst, Files.readString(fake.store()));
        assertNotEquals(before, afterFirst);
        assertEquals("The boot configuration data store could not be opened.\nAccess is denied.\n",
                new String(second.stderr(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    @Test
    void wellKnownEntriesNeedForceToBeDeleted() throws Exception {
        FakeBcdedit fake = FakeBcdedit.in(directory, "en", "utf-8");

        assertEquals(1, fake.run("/delete", "{memdiag}").exitCode());
        assertEquals(0, fake.run("/delete", "{memdiag}", "/f").exitCode());
        assertFalse(fake.objects().has("{b2721d73-1db4-4c62-bf78-c548a880142d}"));
    }

    @Test
    void onlyItsOwnPathRunsIt() throws Exception {
        FakeBcdedit fake = FakeBcdedit.in(directory, "en", "utf-8");

        IOException notThere = assertThrows(IOException.class,
                () -> fake.run(List.of("C:\\Windows\\System32\\bcdedit.exe", "/enum"), Duration.ofSeconds(1)));

        assertTrue(notThere.getMessage().startsWith("Cannot run program \"C:\\Windows\\System32\\bcdedit.exe\""),
                notThere.getMessage());
        assertEquals(List.of(), fake.calls());
    }
}
