package org.vhdboot.cli;

import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BcdeditProcess;
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
import org.vhdboot.ops.Notices;
import org.vhdboot.ops.OperationContext;
import org.vhdboot.ops.OperationException;
import org.vhdboot.windows.ConsoleCodePage;
import org.vhdboot.windows.DiskAttacher;
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
import org.vhdboot.windows.SystemRestart;
import org.vhdboot.windows.TaskScheduler;
import org.vhdboot.windows.WpeutilRestart;
import org.vhdboot.windows.virtdisk.VirtDiskAttacher;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.virtdisk.VirtualDiskApi;
import org.vhdboot.windows.win32.WindowsEventLog;
import org.vhdboot.windows.win32.WindowsPe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a command needs from the outside world, built once by {@link VhdbootCommand#main}. Tests swap
 * single parts: captured output, a fixed clock, a fake platform, a crash-injecting I/O hook.
 */
public final class Services {

    /** The parts; {@code attacher} is made on first use because loading virtdisk.dll costs time. */
    private record Parts(Console console, Map<String, String> environment, Clock clock, Platform platform,
                         IoStepHook ioHook, Optional<SystemRestart> restart, Optional<TaskScheduler> tasks,
                         EventLog events, Notices notices, Supplier<Optional<DiskAttacher>> attacher,
                         EntryRecipes recipes, BcdeditProcess bcdedit) {
    }

    private final Parts parts;

    private Services(Parts parts) {
        this.parts = parts;
    }

    /** A machine without Windows' services: Linux, or a test. */
    public Services(Console console, Map<String, String> environment, Clock clock) {
        this(new Parts(console, Map.copyOf(environment), clock, new PortablePlatform(), IoStepHook.NONE,
                Optional.empty(), Optional.empty(), EventLog.NONE, Notices.NONE, Optional::empty,
                EntryRecipesFromTemplates.INSTANCE, BcdeditProcess.local(Charset.defaultCharset())));
    }

    /** The real machine: Windows' own platform, restarts, tasks, event log and console code page there. */
    public static Services system() {
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        boolean interactive = System.console() != null;
        Console console = new Console(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                new BufferedReader(new InputStreamReader(System.in, charset)), interactive);
        Map<String, String> environment = System.getenv();
        Services services = new Services(console, environment, Clock.systemDefaultZone());
        if (!Platforms.runningOnWindows()) {
            return services;
        }
        Charset codePage = ConsoleCodePage.current();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        String publicFolder = environment.get("PUBLIC");
        Parts base = services.parts;
        // Local time: schedules are "02:00 on weekdays" where the machine is.
        return new Services(new Parts(console, base.environment(), base.clock(),
                Platforms.current(() -> runningOsDevice(environment, codePage)), IoStepHook.NONE,
                Optional.of(WpeutilRestart.forWindows(WindowsPe.running(), runner)),
                Optional.of(new SchtasksTaskScheduler(runner)),
                new WindowsEventLog(), publicFolder == null ? Notices.NONE : Notices.inFolder(Path.of(publicFolder, "Desktop")),
                Services::virtDiskAttacher, base.recipes(), BcdeditProcess.local(codePage)));
    }

    /** The {@code osdevice} of the running entry, the fallback way to tell which disk the OS booted from. */
    private static Optional<String> runningOsDevice(Map<String, String> environment, Charset codePage) {
        String executable = BcdeditCommands.chooseExecutable(Optional.empty(), Optional.empty(), environment);
        try {
            return new BcdeditStore(BcdeditCommands.systemStore(executable), BcdeditProcess.local(codePage)).current()
                    .flatMap(entry -> entry.value("osdevice"));
        } catch (BootStoreException e) {
            return Optional.empty();
        }
    }

    private static Optional<DiskAttacher> virtDiskAttacher() {
        try {
            return Optional.of(VirtDiskAttacher.create(VirtualDiskApi.load(VirtDiskLoader.NATIVE)));
        } catch (LinkageError e) {
            return Optional.empty();
        }
    }

    private Services with(Console console, Platform platform, IoStepHook hook) {
        return new Services(new Parts(console, parts.environment(), parts.clock(), platform, hook, parts.restart(),
                parts.tasks(), parts.events(), parts.notices(), parts.attacher(), parts.recipes(), parts.bcdedit()));
    }

    public Services withConsole(Console other) {
        return with(other, parts.platform(), parts.ioHook());
    }

    public Services withPlatform(Platform other) {
        return with(parts.console(), other, parts.ioHook());
    }

    public Services withIoHook(IoStepHook other) {
        return with(parts.console(), parts.platform(), other);
    }

    public Services withRestart(SystemRestart other) {
        return new Services(new Parts(parts.console(), parts.environment(), parts.clock(), parts.platform(),
                parts.ioHook(), Optional.of(other), parts.tasks(), parts.events(), parts.notices(), parts.attacher(),
                parts.recipes(), parts.bcdedit()));
    }

    public Services withTaskScheduler(TaskScheduler other) {
        return new Services(new Parts(parts.console(), parts.environment(), parts.clock(), parts.platform(),
                parts.ioHook(), parts.restart(), Optional.of(other), parts.events(), parts.notices(), parts.attacher(),
                parts.recipes(), parts.bcdedit()));
    }

    public Services withNotices(Notices other) {
        return new Services(new Parts(parts.console(), parts.environment(), parts.clock(), parts.platform(),
                parts.ioHook(), parts.restart(), parts.tasks(), parts.events(), other, parts.attacher(),
                parts.recipes(), parts.bcdedit()));
    }

    public Services withEventLog(EventLog other) {
        return new Services(new Parts(parts.console(), parts.environment(), parts.clock(), parts.platform(),
                parts.ioHook(), parts.restart(), parts.tasks(), other, parts.notices(), parts.attacher(),
                parts.recipes(), parts.bcdedit()));
    }

    public Services withAttacher(DiskAttacher other) {
        return new Services(new Parts(parts.console(), parts.environment(), parts.clock(), parts.platform(),
                parts.ioHook(), parts.restart(), parts.tasks(), parts.events(), parts.notices(), () -> Optional.of(other),
                parts.recipes(), parts.bcdedit()));
    }

    /** How bcdedit runs: its process runner (tests use an in-JVM fake), output code page and timeout. */
    public Services withBcdedit(BcdeditProcess other) {
        return new Services(new Parts(parts.console(), parts.environment(), parts.clock(), parts.platform(),
                parts.ioHook(), parts.restart(), parts.tasks(), parts.events(), parts.notices(), parts.attacher(),
                parts.recipes(), other));
    }

    public Console console() {
        return parts.console();
    }

    public Map<String, String> environment() {
        return parts.environment();
    }

    public Clock clock() {
        return parts.clock();
    }

    public DiskImages images() {
        return new DiskImages(new StorageFactory(parts.ioHook()), parts.clock(), ParentPaths.forThisSystem());
    }

    /** Everything a use case needs, for one command invocation. */
    public OperationContext operations(Optional<String> bcdedit, String engineMode) throws OperationException {
        DiskImages images = images();
        EngineChoice engine = chooseEngine(images, engineMode);
        return new OperationContext(images, engine.engine(), engine.fallbackReason(), parts.platform(),
                new BootStores(bcdedit, parts.environment(), parts.bcdedit()), parts.recipes(), parts.restart(),
                parts.tasks(), parts.attacher().get(), parts.events(), parts.notices(), parts.clock(),
                new FileSteps(parts.ioHook()), new ConsoleReporter(parts.console()));
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
        if (parts.ioHook() != IoStepHook.NONE || !(parts.platform().isWindows() && Platforms.runningOnWindows())) {
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
}
