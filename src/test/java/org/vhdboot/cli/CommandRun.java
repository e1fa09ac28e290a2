package org.vhdboot.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** One in-process run of the vhdboot command line, with its exit code and captured output. */
public record CommandRun(int exitCode, String out, String err) {

    public static CommandRun of(String... args) {
        return with(Map.of(), "", args);
    }

    /** Runs with extra environment variables and text on standard input; never interactive. */
    public static CommandRun with(Map<String, String> environment, String stdin, String... args) {
        return with(new Services(console(stdin, null, null), environment, Clock.systemUTC()), args);
    }

    public static CommandRun with(Services services, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Services captured = services.withConsole(console("", out, err));
        int code = VhdbootCommand.execute(captured, args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    private static Console console(String stdin, StringWriter out, StringWriter err) {
        return new Console(new PrintWriter(out == null ? new StringWriter() : out, true),
                new PrintWriter(err == null ? new StringWriter() : err, true),
                new BufferedReader(new StringReader(stdin)), false);
    }

    public static Map<String, String> env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
