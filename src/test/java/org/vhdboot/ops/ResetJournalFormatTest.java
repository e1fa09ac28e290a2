package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A reset's journal is read as strictly as the ini ({@code layout.LayoutTextTest}), and journals written by earlier
 * versions (java.util.Properties, kept in src/test/resources/layout-files/v1) still read.
 */
class ResetJournalFormatTest {
    private static final Path V1 = Path.of("src/test/resources/layout-files/v1");

    @TempDir
    Path dir;

    @Test
    void theJournalOfAnEarlierVersionStillReads() throws Exception {
        Layout layout = LayoutFile.load(copyOfV1Ini());
        Files.copy(V1.resolve(ResetJournal.FILE_NAME), dir.resolve(ResetJournal.FILE_NAME));
        assertEquals(Optional.of(new ResetJournal(Role.CURRENT, "Gold-Current.vhdx", "Gold-Current.vhdboot-tmp.vhdx",
                Optional.of("Gold-Current.20261126-091425.vhdx"), Instant.parse("2026-11-26T09:14:25Z"))),
                ResetJournal.read(layout));
    }

    /** What this version writes, earlier versions (java.util.Properties) read back the same. */
    @Test
    void aJournalReadsBackAndEarlierVersionsReadItToo() throws Exception {
        Layout layout = LayoutFile.load(copyOfV1Ini());
        ResetJournal journal = new ResetJournal(Role.CURRENT, "Gold-Current.vhdx", "Gold-Current.vhdboot-tmp.vhdx",
                Optional.of("Gold-Current.20261126-091425.vhdx"), Instant.parse("2026-11-26T09:14:25Z"));
        journal.write(dir, new FileSteps(IoStepHook.NONE));
        assertEquals(Optional.of(journal), ResetJournal.read(layout));
        Properties earlier = new Properties();
        earlier.load(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(ResetJournal.FILE_NAME))));
        assertEquals("Gold-Current.vhdboot-tmp.vhdx", earlier.getProperty("replacement"));
        assertEquals("2026-11-26T09:14:25Z", earlier.getProperty("started"));
    }

    private Path copyOfV1Ini() throws Exception {
        return Files.copy(V1.resolve(Layout.INI_NAME), dir.resolve(Layout.INI_NAME));
    }
}
