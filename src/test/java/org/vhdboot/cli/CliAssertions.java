package org.vhdboot.cli;

import org.vhdboot.disk.testing.FileDigests;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's promise on bad input: one error line, a documented exit code, no file changed. */
final class CliAssertions {
    private CliAssertions() {
    }

    static void assertOneLineError(CommandRun run, ExitCode code, String message) {
        assertEquals(code.code(), run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith("vhdboot: error: "), run.err());
        assertTrue(run.err().contains(message), "expected \"" + message + "\" in " + run.err());
    }

    /**
     * Runs info, check and a write of {@code data} on {@code image}; each must fail alike and leave the image and
     * every {@code involved} file as it was.
     */
    static void assertRefusedEverywhere(Path data, Path image, ExitCode code, String message, Path... involved)
            throws Exception {
        Path[] files = new Path[involved.length + 1];
        files[0] = image;
        System.arraycopy(involved, 0, files, 1, involved.length);
        FileDigests before = FileDigests.of(files);
        assertOneLineError(CommandRun.of("vhd", "info", image.toString()), code, message);
        assertOneLineError(CommandRun.of("vhd", "write", image.toString(), "--offset", "0", "--input", data.toString()),
                code, message);
        CommandRun check = CommandRun.of("vhd", "check", image.toString());
        assertEquals(code.code(), check.exitCode(), check.toString());
        assertTrue((check.out() + check.err()).contains(message), check.toString());
        before.assertUnchanged();
    }
}
