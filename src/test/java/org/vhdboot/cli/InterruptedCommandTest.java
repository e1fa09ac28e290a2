package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C or a kill the JVM sees (SIGINT, SIGTERM) ends a command with a line saying what to do, not in silence. On
 * Windows a console's Ctrl-C reaches the JVM alike, but a test cannot send it there: docs/windows-validation.md.
 */
@DisabledOnOs(OS.WINDOWS)
class InterruptedCommandTest {
    @TempDir
    Path temp;

    @Test
    void aTerminatedCommandSaysItWasInterruptedAndWhatToDo() throws Exception {
        Path errors = temp.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // --password-stdin waits for its input: a command that is certainly still running when the signal comes.
        Process command = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classpath,
                VhdbootCommand.class.getName(), "image", "inspect", "oci://127.0.0.1:9/x:y", "--username", "u",
                "--password-stdin")).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile()).start();
        try {
            waitUntilReadingStandardInput(command.pid());
            command.toHandle().destroy(); // SIGTERM; Process.destroy would also close the input the command reads
            assertTrue(command.waitFor(30, TimeUnit.SECONDS), "the command ended");
            String err = Files.readString(errors, StandardCharsets.UTF_8);
            assertEquals(143, command.exitValue(), err);
            assertEquals(VhdbootCommand.INTERRUPTED, err.strip());
        } finally {
            command.destroyForcibly();
            command.getOutputStream().close();
        }
    }

    /**
     * The hook is in place before the command reads its input: a thread blocked in read(0, …) says the command is
     * there, however slow the machine (Linux's /proc; the read syscall is 0 on x86-64, 63 on AArch64).
     */
    private static void waitUntilReadingStandardInput(long pid) throws Exception {
        String read = System.getProperty("os.arch").contains("aarch64") ? "63 0x0 " : "0 0x0 ";
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        if (Files.readString(task.resolve("syscall")).startsWith(read)) {
                            return;
                        }
                    } catch (java.io.IOException threadGone) {
                        // a thread that ended, or a syscall file this user may not read
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command never read its standard input");
    }
}
