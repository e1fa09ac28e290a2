package org.vhdboot.windows;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@link SystemRestart} through {@code shutdown.exe} and {@code msg.exe}. Texts may not hold double quotes,
 * which Java cannot pass through a Windows command line unambiguously.
 */
public final class ShutdownExeRestart implements SystemRestart {
    /** shutdown.exe's limits for /t (ten years) and /c. */
    static final long MAX_DELAY_SECONDS = 315_360_000L;
    static final int MAX_COMMENT_LENGTH = 512;

    private final WindowsPrograms runner;

    public ShutdownExeRestart(WindowsPrograms runner) {
        this.runner = runner;
    }

    @Override
    public void restart(Duration delay, String reason) throws IOException {
        long seconds = seconds(delay, MAX_DELAY_SECONDS);
        run(List.of("shutdown.exe", "/r", "/t", Long.toString(seconds), "/c", text(reason, MAX_COMMENT_LENGTH)),
                "schedule the restart");
    }

    @Override
    public void messageUsers(Duration shownFor, String text) throws IOException {
        long seconds = seconds(shownFor, Integer.MAX_VALUE);
        run(List.of("msg.exe", "*", "/TIME:" + seconds, text(text, 4096)), "message the logged-on users");
    }

    private void run(List<String> command, String attempt) throws IOException {
        ProgramOutput result = runner.run(command);
        if (!result.succeeded()) {
            throw new IOException("cannot " + attempt + ": " + command.get(0) + " exited with " + result.exitCode()
                    + ": " + result.firstMessageLine());
        }
    }

    private static long seconds(Duration duration, long max) {
        long seconds = duration.getSeconds();
        if (duration.isNegative() || seconds > max) {
            throw new IllegalArgumentException("a delay of " + duration + " is outside 0 to " + max + " seconds");
        }
        return seconds;
    }

    /**
     * One line a command line can carry: double quotes become single ones, line breaks spaces, and it is cut to
     * {@code maxLength}. Messages often quote file names; a message must never stop a restart or a warning.
     */
    static String text(String text, int maxLength) {
        String line = text.replace('"', '\'').replaceAll("[\\r\\n]+", " ").strip();
        if (line.isEmpty()) {
            line = "vhdboot";
        }
        return line.length() > maxLength ? line.substring(0, maxLength) : line;
    }
}
