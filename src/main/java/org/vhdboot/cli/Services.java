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
import org.vhdboot.windows.ConsoleCodePage;
import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.virtdisk.VirtDiskAttacher;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.virtdisk.VirtualDiskApi;
import org.vhdboot.windows.DiskEngineSelector;
import org.vhdboot.windows.EngineChoice;
import org.vhdboot.windows.EngineMode;
import org.vhdboot.windows.EngineUnavailableException;
import org.vhdboot.windows.EventLog;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.Platforms;
import org.vhdboot.windows.PortablePlatform;
import org.vhdboot.windows.ProcessCommandRunner;
import org.vhdboot.windows.SchtasksTaskScheduler;
import org.vhdboot.windows.ShutdownExeRestart;
import org.vhdboot.windows.SystemRestart;
import org.vhdboot.windows.TaskScheduler;
import org.vhdboot.windows.win32.WindowsEventLog;

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
    private final Optional<SystemRestart> restart;
    private final Optional<TaskScheduler> tasks;
    private final EventLog events;
    /** Set only by tests; otherwise made on demand. */
    private final DiskAttacher attacher;
    private final EntryRecipes recipes;
    private final Charset consoleCharset;

    private Services(Console console, Map<String, String> environment, Clock clock, Platform platform,
                     IoStepHook ioHook, Optional<SystemRestart> restart, Optional<TaskScheduler> tasks, EventLog events,
                     EntryRecipes recipes, Charset consoleCharset, DiskAttacher attacher) {
        this.attacher = attacher;
        this.console = console;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.platform = platform;
        this.ioHook = ioHook;
        this.restart = restart;
        this.tasks = tasks;
        this.events = events;
        this.recipes = recipes;
        this.consoleCharset = consoleCharset;
    }

    public Services(Console console, Map<String, String> environment, Clock clock) {
        this(console, environment, clock, new PortablePlatform(), IoStepHook.NONE, Optional.empty(), Optional.empty(),
                EventLog.NONE, EntryRecipesFromTemplates.INSTANCE, Charset.defaultCharset(), null);
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
        boolean windows = Platforms.runningOnWindows();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        Optional<SystemRestart> restart = windows ? Optional.of(new ShutdownExeRestart(runner)) : Optional.empty();
        Optional<TaskScheduler> tasks = windows ? Optional.of(new SchtasksTaskScheduler(runner)) : Optional.empty();
        EventLog events = windows ? new WindowsEventLog() : EventLog.NONE;
        // Local time: schedules are "02:00 on weekdays" where the machine is.
        return new Services(console, environment, Clock.systemDefaultZone(), platform, IoStepHook.NONE, restart, tasks,
                events, EntryRecipesFromTemplates.INSTANCE, codePage, null);
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
        return new Services(other, environment, clock, platform, ioHook, restart, tasks, events, recipes, consoleCharset, attacher);
    }

    public Services withEnvironment(Map<String, String> other) {
        return new Services(console, other, clock, platform, ioHook, restart, tasks, events, recipes, consoleCharset, attacher);
    }

    public Services withClock(Clock other) {
        return new Services(console, environment, other, platform, ioHook, restart, tasks, events, recipes, consoleCharset, attacher);
    }

    public Services withPlatform(Platform other) {
        return new Services(console, environment, clock, other, ioHook, restart, tasks, events, recipes, consoleCharset, attacher);
    }

    public Services withIoHook(IoStepHook other) {
        return new Services(console, environment, clock, platform, other, restart, tasks, events, recipes, consoleCharset, attacher);
    }

    public Services withRestart(SystemRestart other) {
        return new Services(console, environment, clock, platform, ioHook, Optional.of(other), tasks, events, recipes,
                consoleCharset, attacher);
    }

    public Services withTaskScheduler(TaskScheduler other) {
        return new Services(console, environment, clock, platform, ioHook, restart, Optional.of(other), events, recipes,
                consoleCharset, attacher);
    }

    public Services withEventLog(EventLog other) {
        return new Services(console, environment, clock, platform, ioHook, restart, tasks, other, recipes,
                consoleCharset, attacher);
    }

    /** The code page bcdedit's output is decoded with. */
    public Services withConsoleCharset(Charset other) {
        return new Services(console, environment, clock, platform, ioHook, restart, tasks, events, recipes, other, attacher);
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

    /** virtdisk's attach and detach, on Windows only; loaded on first use. */
    private Optional<DiskAttacher> attacher() {
        if (attacher != null) {
            return Optional.of(attacher);
        }
        if (!Platforms.runningOnWindows()) {
            return Optional.empty();
        }
        try {
            return Optional.of(VirtDiskAttacher.create(VirtualDiskApi.load(VirtDiskLoader.NATIVE)));
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }

    public Services withAttacher(DiskAttacher other) {
        return new Services(console, environment, clock, platform, ioHook, restart, tasks, events, recipes,
                consoleCharset, other);
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
                new BootStores(bcdedit, environment, consoleCharset), recipes, restart, tasks, attacher(), events, clock,
                new FileSteps(ioHook), new ConsoleReporter(console));
    }
}
