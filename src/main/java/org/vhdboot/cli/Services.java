package org.vhdboot.cli;

import org.vhdboot.disk.DiskEngine;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.JavaDiskEngine;
import org.vhdboot.disk.ParentPaths;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.ops.BootStores;
import org.vhdboot.ops.EntryRecipes;
import org.vhdboot.ops.FileSteps;
import org.vhdboot.ops.OperationContext;
import org.vhdboot.ops.OperationException;
import org.vhdboot.ops.Restarter;
import org.vhdboot.windows.PortablePlatform;
import org.vhdboot.windows.Platform;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

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
        return new DiskImages(new StorageFactory(ioHook()), clock, ParentPaths.forThisSystem());
    }

    /** Called before every state-changing file step; tests stop operations here to simulate crashes. */
    public IoStepHook ioHook() {
        return IoStepHook.NONE;
    }

    public Platform platform() {
        return new PortablePlatform();
    }

    public Charset consoleCharset() {
        return Charset.defaultCharset();
    }

    public Restarter restarter() {
        return new Restarter() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public void restart(String reason) {
                // Nothing can restart the machine from here.
            }
        };
    }

    public EntryRecipes recipes() {
        return (template, entry, vhd) -> {
            throw new OperationException(OperationException.Kind.USAGE, "boot templates are not wired yet");
        };
    }

    /** Everything a use case needs, for one command invocation. */
    public OperationContext operations(Optional<String> bcdedit, String engineMode) throws OperationException {
        DiskImages images = images();
        DiskEngine engine = new JavaDiskEngine(images);
        Optional<String> fallback = Optional.empty();
        if (!engineMode.equals("auto") && !engineMode.equals("java")) {
            throw new OperationException(OperationException.Kind.USAGE, "--engine " + engineMode
                    + " is not available here; use auto or java");
        }
        return new OperationContext(images, engine, fallback, platform(),
                new BootStores(bcdedit, environment, consoleCharset()), recipes(), restarter(), clock,
                new FileSteps(ioHook()), new ConsoleReporter(console));
    }
}
