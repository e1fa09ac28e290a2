package org.vhdboot.cli;

import org.vhdboot.layout.OperationException;
import org.vhdboot.ops.Reporter;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Messages to stderr; questions only on a terminal, otherwise a clear refusal instead of a hang. */
final class ConsoleReporter implements Reporter {
    private final Console console;

    ConsoleReporter(Console console) {
        this.console = console;
    }

    @Override
    public void info(String message) {
        console.info(message);
    }

    @Override
    public void warn(String message) {
        console.warn(message);
    }

    @Override
    public boolean confirm(String question) throws OperationException {
        if (!console.interactive()) {
            // The question goes with the refusal: a scheduled task's log is the only place its admin learns what
            // --yes would agree to (a switch replacing the fallback slot loses what that slot holds).
            throw new OperationException(OperationException.Kind.DECLINED, "confirmation needed: " + question
                    + " Not asked, since stdin and stdout are not both a terminal (output redirected, say): add --yes"
                    + " to go ahead");
        }
        try {
            return console.confirm(question);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
