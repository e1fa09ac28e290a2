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
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.PortablePlatform;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a command needs from the outside world, built once by {@link VhdbootCommand#main}. Tests swap
 * single parts: captured output, a fixed clock, a fake platform, a crash-injecting I/O hook.
 */
public final class Services {
    private final Console console;
    private final Map<String, String> environment;
    private final Clock clock;
    private final Platform platform;
    private final IoStepHook ioHook;
    private final Restarter restarter;
    private final EntryRecipes recipes;
    private final Charset consoleCharset;

    private Services(Console console, Map<String, String> environment, Clock clock, Platform platform,
                     IoStepHook ioHook, Restarter restarter, EntryRecipes recipes, Charset consoleCharset) {
        this.console = console;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.platform = platform;
        this.ioHook = ioHook;
        this.restarter = restarter;
        this.recipes = recipes;
        this.consoleCharset = consoleCharset;
    }

    public Services(Console console, Map<String, String> environment, Clock clock) {
        this(console, environment, clock, new PortablePlatform(), IoStepHook.NONE, Restarters.none(),
                EntryRecipesFromTemplates.INSTANCE, Charset.defaultCharset());
    }

    public static Services system() {
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        boolean interactive = System.console() != null;
        Console console = new Console(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                new BufferedReader(new InputStreamReader(System.in, charset)), interactive);
        return new Services(console, System.getenv(), Clock.systemUTC());
    }

    public Services withConsole(Console other) {
        return new Services(other, environment, clock, platform, ioHook, restarter, recipes, consoleCharset);
    }

    public Services withEnvironment(Map<String, String> other) {
        return new Services(console, other, clock, platform, ioHook, restarter, recipes, consoleCharset);
    }

    public Services withClock(Clock other) {
        return new Services(console, environment, other, platform, ioHook, restarter, recipes, consoleCharset);
    }

    public Services withPlatform(Platform other) {
        return new Services(console, environment, clock, other, ioHook, restarter, recipes, consoleCharset);
    }

    public Services withIoHook(IoStepHook other) {
        return new Services(console, environment, clock, platform, other, restarter, recipes, consoleCharset);
    }

    public Services withRestarter(Restarter other) {
        return new Services(console, environment, clock, platform, ioHook, other, recipes, consoleCharset);
    }

    /** The code page bcdedit's output is decoded with. */
    public Services withConsoleCharset(Charset other) {
        return new Services(console, environment, clock, platform, ioHook, restarter, recipes, other);
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

    public Platform platform() {
        return platform;
    }

    public DiskImages images() {
        return new DiskImages(new StorageFactory(ioHook), clock, ParentPaths.forThisSystem());
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
        return new OperationContext(images, engine, fallback, platform,
                new BootStores(bcdedit, environment, consoleCharset), recipes, restarter, clock,
                new FileSteps(ioHook), new ConsoleReporter(console));
    }
}
