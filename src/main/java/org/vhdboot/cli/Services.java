package org.vhdboot.cli;

import org.vhdboot.disk.DiskImages;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command needs from the outside world, built once by {@link VhdbootCommand}. Tests build
 * their own, with captured output, a fixed clock or a stand-in bcdedit.
 */
public class Services {
    private final Console console;
    private final Map<String, String> environment;
    private final Clock clock;

    public Services(Console console, Map<String, String> environment, Clock clock) {
        this.console = console;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    public static Services system() {
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        boolean interactive = System.console() != null;
        Console console = new Console(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                new BufferedReader(new InputStreamReader(System.in, charset)), interactive);
        return new Services(console, System.getenv(), Clock.systemUTC());
    }

    public Console console() {
        return console;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Clock clock() {
        return clock;
    }

    /** The same services writing to another console; for tests that capture output. */
    public Services withConsole(Console other) {
        return new Services(other, environment, clock);
    }

    public DiskImages images() {
        return new DiskImages();
    }
}
