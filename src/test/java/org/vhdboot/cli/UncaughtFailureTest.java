package org.vhdboot.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.ops.OutsideWorld;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever escapes a command, errors included, is one line and the documented internal-error exit code: a real
 * command is made to throw at its first file step, as memory or stack running out would.
 */
class UncaughtFailureTest {
    @TempDir
    Path dir;

    private static Throwable failure(String kind) {
        switch (kind) {
            case "OutOfMemoryError":
                return new OutOfMemoryError("Java heap space");
            case "StackOverflowError":
                return new StackOverflowError();
            case "AssertionError":
                return new AssertionError("a broken promise");
            default:
                return new IllegalStateException("a bug");
        }
    }

    private static Services throwingAtTheFirstStep(Throwable failure) {
        IoStepHook hook = (step, path, position, length) -> {
            if (failure instanceof Error) {
                throw (Error) failure;
            }
            throw (RuntimeException) failure;
        };
        Console quiet = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new java.io.BufferedReader(new java.io.StringReader("")), false);
        return new Services(quiet, OutsideWorld.portable(Clock.systemUTC(), Map.of())).with(IoStepHook.class, hook);
    }

    @ParameterizedTest
    @ValueSource(strings = {"OutOfMemoryError", "StackOverflowError", "AssertionError", "IllegalStateException"})
    void aThrowableEscapingACommandIsOneLineAndTheInternalErrorCode(String kind) throws Exception {
        Path image = dir.resolve("x.vhdx");
        CommandRun run = CommandRun.with(throwingAtTheFirstStep(failure(kind)), "vhd", "create", image.toString(),
                "--size", "16M");
        assertEquals(ExitCode.PROBLEMS.code(), run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("vhdboot: error: internal error: "), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertTrue(Files.notExists(image));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OutOfMemoryError", "StackOverflowError"})
    void runningOutOfMemoryOrStackIsNamed(String kind) {
        CommandRun run = CommandRun.with(throwingAtTheFirstStep(failure(kind)), "vhd", "create",
                dir.resolve("y.vhdx").toString(), "--size", "16M");
        assertTrue(run.err().contains(kind), run.err());
    }
}
