package org.vhdboot.ops;

import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.EventLog;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.SystemRestart;
import org.vhdboot.windows.TaskScheduler;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What every use case works with, for one command: the outside world, the disk, the boot store, and the user.
 * The accessors below name the parts of the world the use cases share.
 *
 * @param disks the one way to the images, its engine chosen once ({@link DiskAccess#choose})
 */
public record OperationContext(OutsideWorld outside, DiskAccess disks, BootStoreFactory bootStores,
                               Reporter reporter) {

    /**
     * The context for one command.
     *
     * @param bcdeditOption the {@code --bcdedit} program, when given
     * @param engineMode {@code --engine}: auto, java or virtdisk
     */
    public static OperationContext of(OutsideWorld outside, Optional<String> bcdeditOption, String engineMode,
            Reporter reporter) throws OperationException {
        OutsideWorld told = outside.with(TransportOptions.class, retriesToldTo(reporter,
                outside.get(TransportOptions.class)));
        return new OperationContext(told, DiskAccess.choose(engineMode, told),
                new BootStores(bcdeditOption, told.get(OutsideWorld.Environment.class).variables(),
                        told.get(BcdeditProcess.class)), reporter);
    }

    /** Each wait before a registry request is tried again is a warning: a stalled transfer says why it waits. */
    private static TransportOptions retriesToldTo(Reporter reporter, TransportOptions options) {
        return options.withRetry(options.retry().withNotice((what, next, attempts, delay) -> reporter.warn(what
                + "; trying again in " + (delay.toMillis() < 1000 ? delay.toMillis() + " ms" : delay.toSeconds() + " s")
                + " (attempt " + next + " of " + attempts + ")")));
    }

    public Platform platform() {
        return outside.get(Platform.class);
    }

    public Clock clock() {
        return outside.get(Clock.class);
    }

    public EntryRecipes recipes() {
        return outside.get(EntryRecipes.class);
    }

    /** Empty where the machine cannot be restarted from here (Linux, tests). */
    public Optional<SystemRestart> restart() {
        return outside.find(SystemRestart.class);
    }

    /** Empty where there is no Task Scheduler. */
    public Optional<TaskScheduler> tasks() {
        return outside.find(TaskScheduler.class);
    }

    /** Empty where images cannot be attached (no virtdisk.dll). */
    public Optional<DiskAttacher> attacher() {
        return outside.find(DiskAttacher.class);
    }

    public EventLog events() {
        return outside.get(EventLog.class);
    }

    public Notices notices() {
        return outside.get(Notices.class);
    }

    /** The file steps, each announced to the world's I/O step hook first. */
    public FileSteps steps() {
        return new FileSteps(outside.get(IoStepHook.class));
    }

    /** The operation log beside the layout, mirrored to the Windows Event Log where there is one. */
    public OperationLog log(Layout layout) {
        return new OperationLog(layout.folder(), clock(), events());
    }

    /**
     * Creates an empty child of the layout's parent at {@code file}, replacing a leftover of an interrupted run.
     * Outside Windows, the absolute parent path Windows will use comes from the layout's boot folder.
     */
    public void createChild(Layout layout, Path file) throws IOException {
        createChild(layout, file, layout.parentPath());
    }

    /** Like {@link #createChild(Layout, Path)}, on another image of the layout's tree. */
    public void createChild(Layout layout, Path file, Path parent) throws IOException {
        steps().delete(file);
        disks.createChild(file, parent, childSpec(layout));
    }

    /** What children made or relinked in this layout record of their parent's place. */
    public ChildSpec childSpec(Layout layout) {
        return ChildSpec.forWindowsFolder(platform().isWindows() ? Optional.empty() : layout.bootFolder());
    }
}
