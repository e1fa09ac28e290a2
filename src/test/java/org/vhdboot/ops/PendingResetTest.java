package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PendingResetTest {
    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWrote() throws Exception {
        PendingReset pending = new PendingReset(Role.RECOVERY, Instant.parse("2026-11-30T01:00:00Z"),
                Instant.parse("2026-11-30T01:00:07Z"));
        pending.write(dir, new FileSteps(IoStepHook.NONE));
        assertEquals(Optional.of(pending), PendingReset.read(dir));
    }

    /** A mark vhdboot could not have written is refused with its file and line, never read as some request. */
    @Test
    void aDamagedMarkerIsRefusedWithItsFileAndLine() throws Exception {
        Files.write(dir.resolve(PendingReset.FILE_NAME), new byte[] {'#', '\n', (byte) 0xFF, (byte) 0xFE, 0, '=', '\n'});
        LayoutException refused = assertThrows(LayoutException.class, () -> PendingReset.read(dir));
        assertEquals(dir.resolve(PendingReset.FILE_NAME) + ", line 2: text that is not UTF-8; save the file as UTF-8",
                refused.getMessage());
    }

    @Test
    void aMarkWithoutAUsableTimeIsRefused() throws Exception {
        Files.writeString(dir.resolve(PendingReset.FILE_NAME), "target=current\ndue=tonight\nrequested=2026-11-30T01:00:07Z\n");
        LayoutException refused = assertThrows(LayoutException.class, () -> PendingReset.read(dir));
        assertEquals(dir.resolve(PendingReset.FILE_NAME) + ", line 2: due = tonight is not a time (like"
                + " 2026-11-30T01:00:00Z)", refused.getMessage());
    }

    /** A year past 9999 parses as an Instant, but no local time zone can show it: refused as the ini's times are. */
    @Test
    void aMarkWithATimeBeyondYear9999IsRefused() throws Exception {
        Files.writeString(dir.resolve(PendingReset.FILE_NAME),
                "target=current\ndue=+999999999-12-31T23:59:59Z\nrequested=2026-11-30T01:00:07Z\n");
        LayoutException refused = assertThrows(LayoutException.class, () -> PendingReset.read(dir));
        assertEquals(dir.resolve(PendingReset.FILE_NAME) + ", line 2: due = +999999999-12-31T23:59:59Z is not a time"
                + " (like 2026-11-30T01:00:00Z)", refused.getMessage());
    }

    @Test
    void readsAMarkWrittenByEarlierVersions() throws Exception {
        Files.copy(Path.of("src/test/resources/layout-files/v1", PendingReset.FILE_NAME), dir.resolve(PendingReset.FILE_NAME));
        assertEquals(Optional.of(new PendingReset(Role.CURRENT, Instant.parse("2026-11-27T01:00:00Z"),
                Instant.parse("2026-11-27T01:00:07Z"))), PendingReset.read(dir));
    }
}
