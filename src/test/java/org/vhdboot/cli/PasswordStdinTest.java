package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.ops.TestWorld;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code --password-stdin} reads one line: an empty one is a usage error (it used to go out as an empty password,
 * refused by the registry as if the account were wrong), and so is a line past the limit, read no further (input
 * without a line end, such as {@code < /dev/zero}, used to fill the heap).
 */
class PasswordStdinTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();

    private CommandRun inspectWithPassword(String stdin) {
        String reference = "oci-layout:" + dir.resolve("share") + ":v1";
        return CommandRun.withInput(world.services(), stdin, "image", "inspect", reference, "--username", "lab-pull",
                "--password-stdin");
    }

    @Test
    void anEmptyOrOverlongFirstLineIsAUsageErrorBeforeTheRegistryIsAsked() {
        CliAssertions.assertOneLineError(inspectWithPassword(""), ExitCode.USAGE,
                "--password-stdin: the first line of stdin is empty");
        CliAssertions.assertOneLineError(inspectWithPassword("\r\nsecret\n"), ExitCode.USAGE, "is empty");
        CliAssertions.assertOneLineError(inspectWithPassword("a".repeat(RegistryOptions.MAX_PASSWORD_CHARS + 1)),
                ExitCode.USAGE, "is longer than 64 KiB");
        // A password that is fine gets past the option to the image-layout folder, which is not there.
        assertEquals(ExitCode.REGISTRY.code(), inspectWithPassword("secret\n").exitCode());
    }

    @Test
    void endlessInputIsReadOnlyToTheLimit() throws Exception {
        CountingEndlessReader endless = new CountingEndlessReader();
        assertNull(console(endless).readSecretLine(1000));
        assertEquals(1001, endless.read, "characters read");
    }

    @Test
    void aLineUpToTheLimitIsReadWithoutItsLineEnd() throws Exception {
        String token = "t".repeat(1000);
        assertArrayEquals(token.toCharArray(), console(new java.io.StringReader(token + "\nnext")).readSecretLine(1000));
        assertArrayEquals("pw".toCharArray(), console(new java.io.StringReader("pw\r\n")).readSecretLine(1000));
        assertNull(console(new java.io.StringReader(token + "\r\n")).readSecretLine(1000), "the CR counts");
    }

    /** A console reading {@code in} one character at a time, so what it reads is what it asked for. */
    private static Console console(Reader in) {
        return new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new BufferedReader(in, 1), false);
    }

    /** stdin that never ends and never holds a line end, like {@code /dev/zero}. */
    private static final class CountingEndlessReader extends Reader {
        long read;

        @Override
        public int read(char[] buffer, int offset, int length) {
            java.util.Arrays.fill(buffer, offset, offset + length, 'x');
            read += length;
            return length;
        }

        @Override
        public void close() {
        }
    }
}
