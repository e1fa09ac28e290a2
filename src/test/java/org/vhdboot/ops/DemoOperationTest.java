package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vhdboot demo} in process: every claim holds, and it tells the update and the switch that falls back. */
class DemoOperationTest {
    @TempDir
    Path dir;

    @Test
    void theDemoShowsAnUpdateAndAnUnconfirmedSwitchFallingBack() throws Exception {
        DemoOperation.Result result = new DemoOperation(new TestWorld().context()).run(dir.resolve("demo"));
        assertTrue(result.passed(), String.join("\n", result.story()));
        assertEquals(10, result.story().size(), String.join("\n", result.story()));
        assertTrue(result.story().get(5).contains("`image commit 2026-12`"), result.story().get(5));
        assertTrue(result.story().get(8).contains("switch to 2026-12 not confirmed"), result.story().get(8));
        // Run again in the same folder: a previous demo is replaced, read-only versions included.
        assertTrue(new DemoOperation(new TestWorld().context()).run(dir.resolve("demo")).passed());
    }
}
