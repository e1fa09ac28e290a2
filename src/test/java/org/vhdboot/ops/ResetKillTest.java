package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.PortablePlatform;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs a real JVM that resets Current in a loop, at random moments, many times. Each time Current must
 * open as a valid child (fresh, or with the user's changes), the parent must be byte-identical, and a rerun
 * must finish with a fresh Current.
 */
class ResetKillTest {
    /** Kills that must land between the journal's creation and its removal. */
    private static final int KILLS_INSIDE_A_RESET = 4;
    private static final int MAX_KILLS = 60;

    @TempDir
    Path dir;

    @Test
    void killingResetAtRandomMomentsNeverLosesCurrentOrTouchesTheParent() throws Exception {
        Services services = new TestWorld().with(Platform.class, new PortablePlatform()).services();
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        String parentHash = LayoutFixture.sha256(layout.parent);
        Random random = new Random(20261126);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int midReset = 0;
        int kill = 0;
        for (; kill < MAX_KILLS && midReset < KILLS_INSIDE_A_RESET; kill++) {
            Process loop = new ProcessBuilder(List.of(java, "-cp", classpath, ResetLoopMain.class.getName(),
                    dir.toString())).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(loop.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("looping", out.readLine(), "the reset loop started");
            Thread.sleep(300 + random.nextInt(1200));
            assertTrue(loop.isAlive(), "the reset loop was still running when killed (kill " + kill + ")");
            loop.destroyForcibly();
            assertTrue(loop.waitFor(30, TimeUnit.SECONDS), "the loop died");
            if (Files.exists(dir.resolve(ResetJournal.FILE_NAME))
                    || Files.exists(dir.resolve("Gold-Current.vhdboot-tmp.vhdx"))) {
                midReset++;
            }

            boolean fresh = layout.isFreshChild(layout.current);
            boolean dirty = LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER);
            assertTrue(fresh || dirty, "after kill " + kill + " Current is a valid child, fresh or with changes");
            assertEquals(parentHash, LayoutFixture.sha256(layout.parent), "parent unchanged after kill " + kill);

            CommandRun rerun = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
            assertEquals(0, rerun.exitCode(), "rerun after kill " + kill + ": " + rerun);
            assertTrue(layout.isFreshChild(layout.current));
        }
        assertTrue(midReset >= KILLS_INSIDE_A_RESET, midReset + " of " + kill + " kills landed inside a reset");
    }
}
