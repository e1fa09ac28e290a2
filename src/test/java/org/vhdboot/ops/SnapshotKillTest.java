package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.DiskModel;

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
 * SIGKILLs a real JVM in the middle of a snapshot create and of a snapshot delete: nothing of it runs after the
 * signal (no rollback, no close, no lock release but the OS's). The JVM waits at a chosen I/O step
 * ({@link ResetKillPoint}), so each kill lands at the same point every run. Afterwards Current reads as it did, the
 * parent is unchanged, and the same command run again finishes the job.
 */
class SnapshotKillTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    @Test
    void killingACreateBeforeTheRenameOverCurrentThenRerunningFinishesIt() throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, "vhdx", world);
        layout.userWrites();
        DiskModel state = layout.currentModel();
        killAt("snapshot-create:s1", "RENAME", "Gold-Current.vhdx", 1);
        layout.assertReadsOneOf("Current after the kill", layout.current, state);
        layout.takeSnapshot(world, "s1");
        layout.assertEverythingReadsAsModelled();
        assertTrue(world.status(dir).healthy());
    }

    @Test
    void killingADeleteWhileItMergesIntoCurrentThenRerunningFinishesIt() throws Exception {
        SnapshotFixture layout = SnapshotFixture.of(dir, "vhdx", world);
        layout.userWrites();
        layout.takeSnapshot(world, "s1");
        layout.userWrites();
        DiskModel state = layout.currentModel();
        killAt("snapshot-delete:s1", "WRITE", "Gold-Current.vhdx", 4);
        layout.assertReadsOneOf("Current after the kill", layout.current, state);
        world.deleteSnapshot(dir, "s1");
        layout.snapshotDeleted("s1");
        layout.assertEverythingReadsAsModelled();
        assertTrue(world.status(dir).healthy());
        assertFalse(Files.exists(dir.resolve(OperationJournal.FILE_NAME)));
    }

    private void killAt(String command, String step, String file, int occurrence) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process run = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath,
                ResetKillPoint.class.getName(), dir.toString(), step, file, String.valueOf(occurrence), command))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals(KillPointHook.REACHED, out.readLine(), command + " reached " + step + " " + file);
            assertTrue(run.isAlive());
            run.destroyForcibly();
            assertTrue(run.waitFor(30, TimeUnit.SECONDS), "the command died");
        }
        assertTrue(Files.exists(dir.resolve(OperationJournal.FILE_NAME)), "the kill landed inside " + command);
    }
}
