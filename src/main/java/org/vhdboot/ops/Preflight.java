package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.VolumeFacts;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The checks every command that changes something runs first, once: administrator rights, and a host volume
 * that native boot can use. Hibernation is only a warning.
 */
public final class Preflight {
    private final Platform platform;
    private final Reporter reporter;

    public Preflight(Platform platform, Reporter reporter) {
        this.platform = platform;
        this.reporter = reporter;
    }

    /** Refuses, with a clear reason, when {@code operation} cannot safely run against files in {@code folder}. */
    public void check(String operation, Path folder) throws OperationException, IOException {
        requireElevation(operation);
        VolumeFacts volume = platform.volumeFacts(folder);
        if (volume.bitLocker()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, "the volume holding " + folder
                    + " is protected by BitLocker, and Windows cannot boot from a virtual disk on an encrypted"
                    + " host volume; keep the images on an unencrypted volume");
        }
        if (volume.compressed()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, folder + " is NTFS-compressed, and"
                    + " native boot refuses compressed images; clear compression (compact /u) first");
        }
        if (volume.encrypted()) {
            throw new OperationException(OperationException.Kind.PRECONDITION, folder + " is EFS-encrypted, and"
                    + " native boot refuses encrypted images; decrypt it (cipher /d) first");
        }
        if (platform.hibernationEnabled()) {
            reporter.warn("hibernation is enabled; Windows booted from a virtual disk cannot hibernate"
                    + " (turn it off in the image with `powercfg /h off`)");
        }
    }

    /**
     * {@link #check} for a command that changes {@code layout}; it also refuses a folder, a pipe or a device at one of
     * its {@link FixedNames}, which the command would meet half way.
     */
    public void checkLayout(String operation, Layout layout) throws OperationException, IOException {
        check(operation, layout.folder());
        FixedNames.refusePlanted(layout);
    }

    /** For changes that touch no image: administrator rights only. */
    public void requireElevation(String operation) throws OperationException {
        if (!platform.elevated()) {
            throw new OperationException(OperationException.Kind.NOT_ELEVATED, operation + " needs administrator"
                    + " rights: run it from an elevated prompt (Run as administrator)");
        }
    }
}
