package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.Role;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs a real JVM in the middle of a reset: nothing of it runs after the signal (no rollback, no close, no
 * lock release but the OS's), unlike the stops of {@link ResetCrashTest}. The JVM waits at a chosen I/O step, so
 * each kill lands at the same point every run: while the new child is half written, after it is complete but
 * before the rename, after the rename but before the journal goes, and before the new ini is renamed into place.
 * Each time Current must open as a valid child (old or fresh), the parent must be byte-identical, and a rerun
 * must finish with a fresh Current and nothing left over.
 */
class ResetKillTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    @Test
    void killingAResetAtAnyOfItsStagesNeverLosesCurrentOrTouchesTheParent() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, world);
        String parentHash = LayoutFixture.sha256(layout.parent);
        List<List<String>> killPoints = List.of(
                List.of("WRITE", "Gold-Current.vhdboot-tmp.vhdx", "3"),
                List.of("RENAME", "Gold-Current.vhdx", "1"),
                List.of("DELETE", ResetJournal.FILE_NAME, "1"),
                List.of("RENAME", Layout.INI_NAME, "1"));
        for (List<String> point : killPoints) {
            layout.writeUserChanges(layout.current);
            killResetAt(point);

            boolean fresh = layout.isFreshChild(layout.current);
            boolean old = LayoutFixture.startsWith(LayoutFixture.head(layout.current, 32), LayoutFixture.USER);
            assertTrue(fresh || old, "after a kill before " + point + " Current is a valid child, fresh or old");
            assertEquals(parentHash, LayoutFixture.sha256(layout.parent), "parent unchanged after a kill before " + point);

            world.reset(dir, Role.CURRENT);
            assertTrue(layout.isFreshChild(layout.current), "fresh after the rerun (" + point + ")");
            assertFalse(Files.exists(dir.resolve(ResetJournal.FILE_NAME)));
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".vhdboot-tmp")), point.toString());
            }
        }
    }

    private void killResetAt(List<String> point) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process reset = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath,
                ResetKillPoint.class.getName(), dir.toString(), point.get(0), point.get(1), point.get(2)))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(reset.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals(KillPointHook.REACHED, out.readLine(), "the reset reached " + point);
            assertTrue(reset.isAlive());
            reset.destroyForcibly();
            assertTrue(reset.waitFor(30, TimeUnit.SECONDS), "the reset died");
        }
        assertTrue(Files.exists(dir.resolve(ResetJournal.FILE_NAME)) || point.get(1).equals(Layout.INI_NAME),
                "the kill landed inside the reset (" + point + ")");
    }
}
