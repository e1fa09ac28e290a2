package org.vhdboot.ops;

import org.vhdboot.disk.DiskEngine;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.windows.Platform;

import java.time.Clock;
import java.util.Optional;

/**
 * What every use case works with: the disk engine, the platform, the boot store, the clock, the file steps
 * (with their fault-injection hook) and the user.
 *
 * @param engineFallback why the preferred disk engine could not be used, when it could not
 */
public record OperationContext(DiskImages images, DiskEngine engine, Optional<String> engineFallback,
                               Platform platform, BootStoreFactory bootStores, EntryRecipes recipes, Restarter restarter, Clock clock,
                               FileSteps steps, Reporter reporter) {

    public OperationLog log(Layout layout) {
        return new OperationLog(layout.folder(), clock);
    }
}
