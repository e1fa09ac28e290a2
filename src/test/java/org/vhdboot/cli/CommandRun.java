package org.vhdboot.cli;

import org.vhdboot.ops.OutsideWorld;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/** One in-process run of the vhdboot command line, with its exit code and captured output. */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs on a machine without Windows' services, with an empty environment. */
    public static CommandRun of(String... args) {
        return with(new Services(console(new StringWriter(), new StringWriter()), OutsideWorld.portable(Clock.systemUTC(), Map.of())), args);
    }

    /** Runs with {@code services}, its console replaced by captured, non-interactive output. */
    public static CommandRun with(Services services, String... args) {
        return withInput(services, "", args);
    }

    /** Like {@link #with}, with {@code input} on stdin (a password for {@code --password-stdin}). */
    public static CommandRun withInput(Services services, String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = VhdbootCommand.execute(services.withConsole(console(out, err, input)), args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    private static Console console(StringWriter out, StringWriter err) {
        return console(out, err, "");
    }

    private static Console console(StringWriter out, StringWriter err, String input) {
        return new Console(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader(input)), false);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
