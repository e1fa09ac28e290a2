package org.vhdboot.ops;

import org.vhdboot.disk.ChildSpec;
import org.vhdboot.disk.DiskEngine;
import org.vhdboot.disk.DiskImages;
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
 * What every use case works with: the disk engine, the platform, the boot store, restarts, scheduled tasks,
 * the event log, the clock, the file steps (with their fault-injection hook) and the user.
 *
 * @param engineFallback why the preferred disk engine could not be used, when it could not
 * @param restart empty where the machine cannot be restarted from here (Linux, tests)
 * @param tasks empty where there is no Task Scheduler
 * @param attacher empty where images cannot be attached (no virtdisk.dll)
 */
public record OperationContext(DiskImages images, DiskEngine engine, Optional<String> engineFallback,
                               Platform platform, BootStoreFactory bootStores, EntryRecipes recipes,
                               Optional<SystemRestart> restart, Optional<TaskScheduler> tasks,
                               Optional<DiskAttacher> attacher, EventLog events, Notices notices,
                               Clock clock, FileSteps steps, Reporter reporter) {

    /** The operation log beside the layout, mirrored to the Windows Event Log where there is one. */
    public OperationLog log(Layout layout) {
        return new OperationLog(layout.folder(), clock, events);
    }

    /**
     * Creates an empty child of the layout's parent at {@code file}, replacing a leftover of an interrupted run.
     * Outside Windows, the absolute parent path Windows will use comes from the layout's boot folder.
     */
    public void createChild(Layout layout, Path file) throws IOException {
        steps.delete(file);
        engine.createChild(file, layout.parentPath(), ChildSpec.forWindowsFolder(platform.isWindows()
                ? Optional.empty() : layout.bootFolder()));
    }
}
