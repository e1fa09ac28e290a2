package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @Test
    void aDamagedMarkerReadsAsAnOldRequestRatherThanFailingEveryTick() throws Exception {
        Files.write(dir.resolve(PendingReset.FILE_NAME), new byte[] {(byte) 0xFF, (byte) 0xFE, 0, '=', '\n'});
        assertEquals(Optional.of(new PendingReset(Role.CURRENT, Instant.EPOCH, Instant.EPOCH)), PendingReset.read(dir));
    }
}
