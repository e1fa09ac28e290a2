package org.vhdboot.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalProcessRunnerTest {

    private final ProcessRunner runner = ProcessRunner.local();

    @Test
    void returnsExitCodeAndBothOutputsSeparately() throws Exception {
        ProcessResult result = runner.run(List.of("sh", "-c", "printf out; printf err >&2; exit 3"), Duration.ofSeconds(10));

        assertEquals(3, result.exitCode());
        assertEquals("out", new String(result.stdout(), StandardCharsets.UTF_8));
        assertEquals("err", new String(result.stderr(), StandardCharsets.UTF_8));
    }

    @Test
    void argumentsArriveUnchanged() throws Exception {
        ProcessResult result = runner.run(List.of("printf", "%s|", "Lab - Current", "vhd=[C:]\\a b.vhdx", ""),
                Duration.ofSeconds(10));

        assertEquals("Lab - Current|vhd=[C:]\\a b.vhdx||", new String(result.stdout(), StandardCharsets.UTF_8));
    }

    @Test
    void largeOutputOnBothStreamsDoesNotBlock() throws Exception {
        ProcessResult result = runner.run(List.of("sh", "-c", "head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2"),
                Duration.ofSeconds(20));

        assertEquals(300_000, result.stdout().length);
        assertEquals(300_000, result.stderr().length);
    }

    @Test
    void standardInputIsClosed() throws Exception {
        ProcessResult result = runner.run(List.of("sh", "-c", "cat; echo done"), Duration.ofSeconds(10));

        assertEquals("done\n", new String(result.stdout(), StandardCharsets.UTF_8));
    }

    @Test
    void aProgramThatDoesNotFinishIsKilledWithItsChildren(@TempDir Path directory) throws Exception {
        Path childPid = directory.resolve("child.pid");
        assertThrows(TimeoutException.class, () -> runner.run(
                List.of("sh", "-c", "sleep 30 & echo $! > '" + childPid + "'; wait"), Duration.ofMillis(500)));

        long pid = Long.parseLong(Files.readString(childPid).strip());
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        // Killed, not left to sleep its 30 seconds: it is gone well before then.
        if (child.isPresent()) {
            child.get().onExit().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingProgramCannotStart(@TempDir Path directory) {
        assertThrows(IOException.class,
                () -> runner.run(List.of(directory.resolve("nothing-here").toString()), Duration.ofSeconds(5)));
    }
}
