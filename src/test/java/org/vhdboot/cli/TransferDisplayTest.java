package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.vhdboot.oci.TransferListener;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Progress shown beside the messages a transfer may bring (a retry's warning), each on a line of its own. */
class TransferDisplayTest {
    private final StringWriter err = new StringWriter();

    private Console console(boolean interactive) {
        return new Console(new PrintWriter(new StringWriter()), new PrintWriter(err), new BufferedReader(
                new StringReader("")), interactive);
    }

    /** The bar redraws its line in place: a warning while it shows starts a line below it, not after its text. */
    @Test
    void aWarningWhileABarShowsStartsALineOfItsOwn() throws Exception {
        Console console = console(true);
        try (TransferDisplay display = TransferDisplay.forConsole(console, false)) {
            TransferListener listener = display.start("pull 2026-12", 8L << 20);
            listener.progress(1L << 20, 8L << 20);
            console.warn("registry.lab:5000 answered 503; trying again in 1 s (attempt 2 of 5)");
        }
        console.warn("after the bar");
        String n = System.lineSeparator();
        assertEquals(n + "vhdboot: warning: registry.lab:5000 answered 503; trying again in 1 s (attempt 2 of 5)" + n
                + "vhdboot: warning: after the bar" + n, err.toString());
    }

    /** Off a terminal, progress is a plain line at every tenth, and messages come between those lines as they are. */
    @Test
    void offATerminalProgressAndWarningsAreLinesInTheirOrder() throws Exception {
        Console console = console(false);
        try (TransferDisplay display = TransferDisplay.forConsole(console, false)) {
            TransferListener listener = display.start("pull 2026-12", 10L << 20);
            listener.progress(0, 10L << 20);
            listener.progress(5L << 20, 10L << 20);
            console.warn("the download broke off after 5242880 of 10485760 bytes; trying again in 500 ms (attempt 2 of 5)");
            listener.progress(10L << 20, 10L << 20);
        }
        String n = System.lineSeparator();
        assertEquals("pull 2026-12: 0% of 10.0 MiB" + n + "pull 2026-12: 50% of 10.0 MiB" + n
                + "vhdboot: warning: the download broke off after 5242880 of 10485760 bytes; trying again in 500 ms"
                + " (attempt 2 of 5)" + n + "pull 2026-12: 100% of 10.0 MiB" + n, err.toString());
    }
}
