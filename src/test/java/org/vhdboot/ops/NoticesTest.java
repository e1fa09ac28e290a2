package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.files.NotAFileException;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The note the agent leaves on the Public Desktop after a failed night, written as SYSTEM. */
class NoticesTest {
    @TempDir
    Path dir;

    @Test
    void aNoteIsWrittenWholeAndReplacesAnEarlierOne() throws Exception {
        Path desktop = dir.resolve("Desktop");
        Notices.inFolder(desktop).leave("vhdboot reset failed", "a longer first message");
        Notices.inFolder(desktop).leave("vhdboot reset failed", "the second");
        assertEquals("the second" + System.lineSeparator(), Files.readString(desktop.resolve("vhdboot reset failed.txt")));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "a symbolic link needs a privilege there")
    void aLinkPlantedUnderTheNotesNameIsNeverWrittenThrough() throws Exception {
        Path desktop = Files.createDirectories(dir.resolve("Desktop"));
        Path elsewhere = Files.writeString(dir.resolve("someone-elses-file"), "kept as it is");
        Path note = Files.createSymbolicLink(desktop.resolve("vhdboot reset failed.txt"), elsewhere);
        assertThrows(NotAFileException.class, () -> Notices.inFolder(desktop).leave("vhdboot reset failed", "x"));
        assertEquals("kept as it is", Files.readString(elsewhere));
        assertTrue(Files.isSymbolicLink(note));
    }
}
