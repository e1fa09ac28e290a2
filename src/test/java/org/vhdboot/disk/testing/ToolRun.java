package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external program, with its exit code and output. Standard output goes to a file, because
 * some tools (7-Zip's {@code e -so}) print a whole disk image there.
 */
public record ToolRun(List<String> command, int exitCode, Path stdout, String stderr) {
    private static final long GIVE_UP_MINUTES = 5;

    public static ToolRun run(Path workFolder, String... command) throws IOException {
        Path stdout = Files.createTempFile(workFolder, "tool", ".out");
        Path stderr = Files.createTempFile(workFolder, "tool", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workFolder.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        try {
            // A guard against a hung tool, not a timing assertion.
            if (!process.waitFor(GIVE_UP_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        String errors = Files.readString(stderr, StandardCharsets.UTF_8);
        Files.delete(stderr);
        return new ToolRun(List.of(command), process.exitValue(), stdout, errors);
    }

    public String stdoutText() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public byte[] stdoutBytes() throws IOException {
        return Files.readAllBytes(stdout);
    }

    /** Fails with the tool's own words unless it exited 0. */
    public ToolRun requireSuccess() throws IOException {
        if (exitCode != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + exitCode + ": " + stderr
                    + stdoutPreview());
        }
        return this;
    }

    private String stdoutPreview() throws IOException {
        if (Files.size(stdout) > 4096) {
            return "";
        }
        return Files.readString(stdout, StandardCharsets.ISO_8859_1);
    }
}
