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
            // The JVM has its signal handlers once it reads the standard input; a moment more is generous.
            Thread.sleep(2_000);
            command.destroy(); // SIGTERM
            assertTrue(command.waitFor(30, TimeUnit.SECONDS), "the command ended");
            String err = Files.readString(errors, StandardCharsets.UTF_8);
            assertEquals(143, command.exitValue(), err);
            assertEquals(VhdbootCommand.INTERRUPTED, err.strip());
        } finally {
            command.destroyForcibly();
            command.getOutputStream().close();
        }
    }
}
