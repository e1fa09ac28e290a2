package org.vhdboot.cli;

import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.BcdeditStore;
import org.vhdboot.boot.BootStoreException;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.layout.OperationException;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.ops.DiskAccess;
import org.vhdboot.ops.Notices;
import org.vhdboot.ops.OperationContext;
import org.vhdboot.ops.OutsideWorld;
import org.vhdboot.windows.ConsoleCodePage;
import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.EventLog;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.Platforms;
import org.vhdboot.windows.SchtasksTaskScheduler;
import org.vhdboot.windows.SystemRestart;
import org.vhdboot.windows.TaskScheduler;
import org.vhdboot.windows.WindowsParts;
import org.vhdboot.windows.WindowsPrograms;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a command needs: the console, and the outside world ({@link OutsideWorld}), built once by
 * {@link VhdbootCommand#main}. Tests replace single parts: captured output, a fixed clock, a fake platform, a
 * crash-injecting I/O hook.
 */
public final class Services {
    private final Console console;
    private final OutsideWorld world;

    public Services(Console console, OutsideWorld world) {
        this.console = console;
        this.world = world;
    }

    /** The real machine: Windows' own platform, restarts, tasks, event log and console code page there. */
    public static Services system() {
        Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        boolean interactive = System.console() != null;
        Console console = new Console(new PrintWriter(System.out, true, charset), new PrintWriter(System.err, true, charset),
                new BufferedReader(new InputStreamReader(System.in, charset)), interactive);
        // Local time: schedules are "02:00 on weekdays" where the machine is.
        OutsideWorld world = OutsideWorld.portable(Clock.systemDefaultZone(), System.getenv());
        return new Services(console, Platforms.runningOnWindows() ? onWindows(world) : world);
    }

    private static OutsideWorld onWindows(OutsideWorld portable) {
        Map<String, String> environment = portable.get(OutsideWorld.Environment.class).variables();
        BcdeditProcess bcdedit = BcdeditProcess.local(ConsoleCodePage.current());
        WindowsPrograms programs = WindowsPrograms.local();
        String publicFolder = environment.get("PUBLIC");
        return portable
                .with(Platform.class, Platforms.current(() -> runningOsDevice(environment, bcdedit)))
                .with(SystemRestart.class, WindowsParts.restart(programs))
                .with(TaskScheduler.class, new SchtasksTaskScheduler(programs))
                .with(EventLog.class, WindowsParts.eventLog())
                .with(Notices.class, publicFolder == null ? Notices.NONE : Notices.inFolder(Path.of(publicFolder, "Desktop")))
                .withLazy(DiskAttacher.class, WindowsParts::attacher)
                .with(BcdeditProcess.class, bcdedit)
                .with(TransportOptions.class, portable.get(TransportOptions.class)
                        .withTrustedRoots(WindowsParts::trustedRoots));
    }

    /** The {@code osdevice} of the running entry, the fallback way to tell which disk the OS booted from. */
    private static Optional<String> runningOsDevice(Map<String, String> environment, BcdeditProcess bcdedit) {
        String executable = BcdeditCommands.chooseExecutable(Optional.empty(), Optional.empty(), environment);
        try {
            return new BcdeditStore(BcdeditCommands.systemStore(executable), bcdedit).current()
                    .flatMap(entry -> entry.value("osdevice"));
        } catch (BootStoreException e) {
            return Optional.empty();
        }
    }

    public Services withConsole(Console other) {
        return new Services(other, world);
    }

    /** These services with {@code part} as the world's {@code type}. */
    public <T> Services with(Class<T> type, T part) {
        return new Services(console, world.with(type, part));
    }

    public Console console() {
        return console;
    }

    public OutsideWorld world() {
        return world;
    }

    public Map<String, String> environment() {
        return world.get(OutsideWorld.Environment.class).variables();
    }

    public Clock clock() {
        return world.get(Clock.class);
    }

    /** vhdboot's own engine, for the {@code vhd} tools. */
    public DiskImages images() {
        return DiskAccess.images(world);
    }

    /** Everything a use case needs, for one command invocation. */
    public OperationContext operations(Optional<String> bcdedit, String engineMode) throws OperationException {
        return OperationContext.of(world, bcdedit, engineMode, new ConsoleReporter(console));
    }
}
