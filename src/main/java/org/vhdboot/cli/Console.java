package org.vhdboot.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/** Where a command writes: data to {@code out}, messages to {@code err}; and whether a person can answer. */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;
    private final boolean interactive;
    private volatile boolean barShown;

    public Console(PrintWriter out, PrintWriter err, BufferedReader in, boolean interactive) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.interactive = interactive;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /** True when stdin and stdout are a terminal, so prompts and progress bars make sense. */
    public boolean interactive() {
        return interactive;
    }

    public void warn(String message) {
        info("vhdboot: warning: " + message);
    }

    public void info(String message) {
        // A progress bar redraws the terminal's last line in place: a message goes on a line of its own below it.
        err.println(barShown ? System.lineSeparator() + message : message);
        err.flush();
    }

    /** Whether a progress bar holds the terminal's last line ({@link ProgressDisplay}). */
    void barShown(boolean shown) {
        barShown = shown;
    }

    /**
     * The first line of stdin, for a password or token ({@code --password-stdin}): read character by character so
     * it is never held in a String, without its line end. A line of more than {@code limit} characters (a CR
     * before the line end counted) gives null as soon as it passes the limit, so endless input costs nothing. The
     * caller clears the array.
     */
    public char[] readSecretLine(int limit) throws IOException {
        char[] buffer = new char[Math.min(64, limit)];
        int length = 0;
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (length == limit) {
                java.util.Arrays.fill(buffer, '\0');
                return null;
            }
            if (length == buffer.length) {
                char[] larger = java.util.Arrays.copyOf(buffer, Math.min(buffer.length * 2, limit));
                java.util.Arrays.fill(buffer, '\0');
                buffer = larger;
            }
            buffer[length++] = (char) c;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = java.util.Arrays.copyOf(buffer, length);
        java.util.Arrays.fill(buffer, '\0');
        return line;
    }

    /** Asks a yes/no question on the terminal; anything but y/yes is no. */
    public boolean confirm(String question) throws IOException {
        err.print(question + " [y/N] ");
        err.flush();
        String answer = in.readLine();
        return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}
