package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vhdboot demo} in process: every claim holds, the reset's, the restore points', the versions' and the fleet update's. */
class DemoOperationTest {
    @TempDir
    Path dir;

    @Test
    void theDemoShowsAResetRestorePointsAnUpdatePulledThroughAnOciLayoutAndAnUnconfirmedSwitchFallingBack() throws Exception {
        DemoOperation.Result result = new DemoOperation(new TestWorld().context()).run(dir.resolve("demo"));
        assertTrue(result.passed(), String.join("\n", result.story()));
        assertEquals(14, result.story().size(), String.join("\n", result.story()));
        assertTrue(result.story().get(5).startsWith("6. installed \"an application\" into Current, then `snapshot"
                + " create with-app`"), result.story().get(5));
        assertTrue(result.story().get(6).contains("Current reads \"an application was installed: the restore point"
                + " keeps this\" again"), result.story().get(6));
        assertTrue(result.story().get(7).contains("Current reads exactly as before and stands on version:base again"),
                result.story().get(7));
        assertTrue(result.story().get(9).contains("`image commit 2026-12`"), result.story().get(9));
        assertTrue(result.story().get(10).contains("`image pull`: its base matched by identity, only 2026-12's layer"
                + " moved"), result.story().get(10));
        assertTrue(result.story().get(12).contains("switch to 2026-12 not confirmed"), result.story().get(12));
        // Run again in the same folder: a previous demo is replaced, read-only versions and snapshots included.
        assertTrue(new DemoOperation(new TestWorld().context()).run(dir.resolve("demo")).passed());
    }
}
