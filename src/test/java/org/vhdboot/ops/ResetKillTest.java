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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs a real JVM that resets Current in a loop, many times: every other kill at a random moment, the
 * others while the loop waits before a file step chosen at random, so that kills land inside resets however
 * slow the machine is (a random moment mostly finds the loop between resets). Each time Current must open as
 * a valid child (fresh, or with the user's changes), the parent must be byte-identical, and a rerun must
 * finish with a fresh Current.
 */
class ResetKillTest {
    /** Kills that must land between the journal's creation and its removal. */
    private static final int KILLS_INSIDE_A_RESET = 4;
    private static final int MAX_KILLS = 60;
    /** A reset takes about 23 file steps: a pause is chosen within the first two resets of the loop. */
    private static final int STEPS_TO_PAUSE_AT = 46;

    @TempDir
    Path dir;

    @Test
    void killingResetAtRandomMomentsNeverLosesCurrentOrTouchesTheParent() throws Exception {
        Services services = new Services(null, Map.of(), Clock.systemUTC());
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        String parentHash = LayoutFixture.sha256(layout.parent);
        Random random = new Random(20261126);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        int midReset = 0;
        int kill = 0;
        for (; kill < MAX_KILLS && midReset < KILLS_INSIDE_A_RESET; kill++) {
            boolean paused = kill % 2 == 1;
            String pauseAt = paused ? String.valueOf(1 + random.nextInt(STEPS_TO_PAUSE_AT)) : "0";
            Process loop = new ProcessBuilder(List.of(java, "-cp", classpath, ResetLoopMain.class.getName(),
                    dir.toString(), pauseAt)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(loop.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("looping", out.readLine(), "the reset loop started");
            if (paused) {
                String line = out.readLine();
                assertTrue(line != null && line.startsWith("paused before "), "kill " + kill + ": " + line);
            } else {
                Thread.sleep(300 + random.nextInt(1200));
            }
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
