package org.vhdboot.cli;

import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BcdeditStore;
import org.vhdboot.boot.BootStoreException;
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
import org.vhdboot.windows.ConsoleCodePage;
import org.vhdboot.windows.DiskEngineSelector;
import org.vhdboot.windows.EngineChoice;
import org.vhdboot.windows.EngineMode;
import org.vhdboot.windows.EngineUnavailableException;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.Platforms;
import org.vhdboot.windows.PortablePlatform;
import org.vhdboot.windows.ProcessCommandRunner;
import org.vhdboot.windows.ShutdownExeRestart;

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

    /** The real machine: Windows' own platform, restarts and console code page when on Windows. */
    public static Services system() {
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        boolean interactive = System.console() != null;
        Console console = new Console(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                new BufferedReader(new InputStreamReader(System.in, charset)), interactive);
        Map<String, String> environment = System.getenv();
        Charset codePage = ConsoleCodePage.current();
        Platform platform = Platforms.current(() -> runningOsDevice(environment, codePage));
        Restarter restarter = Platforms.runningOnWindows()
                ? Restarters.windows(new ShutdownExeRestart(new ProcessCommandRunner())) : Restarters.none();
        return new Services(console, environment, Clock.systemUTC(), platform, IoStepHook.NONE, restarter,
                EntryRecipesFromTemplates.INSTANCE, codePage);
    }

    /** The {@code osdevice} of the running entry, the fallback way to tell which disk the OS booted from. */
    private static Optional<String> runningOsDevice(Map<String, String> environment, Charset codePage) {
        String executable = BcdeditCommands.chooseExecutable(Optional.empty(), Optional.empty(), environment);
        try {
            return new BcdeditStore(BcdeditCommands.systemStore(executable), codePage).current()
                    .flatMap(entry -> entry.value("osdevice"));
        } catch (BootStoreException e) {
            return Optional.empty();
        }
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

    /**
     * The engine for {@code --engine}: with an injected I/O hook (tests), always the Java engine, whose every
     * step the hook can see.
     */
    private EngineChoice chooseEngine(DiskImages images, String engineMode) throws OperationException {
        EngineMode mode;
        try {
            mode = EngineMode.parse(engineMode);
        } catch (IllegalArgumentException e) {
            throw new OperationException(OperationException.Kind.USAGE, e.getMessage());
        }
        if (ioHook != IoStepHook.NONE || !(platform.isWindows() && Platforms.runningOnWindows())) {
            if (mode == EngineMode.VIRTDISK && !Platforms.runningOnWindows()) {
                throw new OperationException(OperationException.Kind.USAGE, "--engine virtdisk needs Windows;"
                        + " use --engine java or auto");
            }
            return new EngineChoice(new JavaDiskEngine(images), Optional.empty());
        }
        try {
            return DiskEngineSelector.forThisSystem(images).select(mode);
        } catch (EngineUnavailableException e) {
            throw new OperationException(e.reason() == EngineUnavailableException.Reason.NOT_ON_THIS_SYSTEM
                    ? OperationException.Kind.USAGE : OperationException.Kind.PRECONDITION, e.getMessage(), e);
        }
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
        EngineChoice engine = chooseEngine(images, engineMode);
        return new OperationContext(images, engine.engine(), engine.fallbackReason(), platform,
                new BootStores(bcdedit, environment, consoleCharset), recipes, restarter, clock,
                new FileSteps(ioHook), new ConsoleReporter(console));
    }
}
