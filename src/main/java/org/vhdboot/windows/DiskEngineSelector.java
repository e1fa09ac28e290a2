package org.vhdboot.windows;

import org.vhdboot.disk.DiskEngine;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.JavaDiskEngine;
import org.vhdboot.windows.virtdisk.VirtDiskEngine;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.virtdisk.VirtualDiskApi;

import java.util.Optional;
import java.util.function.Supplier;

/** Turns {@code --engine auto|java|virtdisk} into an engine, falling back to Java where {@code auto} allows it. */
public final class DiskEngineSelector {
    private final String osName;
    private final Supplier<DiskEngine> javaEngine;
    private final VirtDiskLoader virtDisk;

    /**
     * @param osName the {@code os.name} to decide by
     * @param virtDisk loads VirtDisk.dll; tests pass one that throws {@link UnsatisfiedLinkError}
     */
    public DiskEngineSelector(String osName, Supplier<DiskEngine> javaEngine, VirtDiskLoader virtDisk) {
        this.osName = osName;
        this.javaEngine = javaEngine;
        this.virtDisk = virtDisk;
    }

    public static DiskEngineSelector forThisSystem(DiskImages images) {
        return new DiskEngineSelector(System.getProperty("os.name"), () -> new JavaDiskEngine(images),
                VirtDiskLoader.NATIVE);
    }

    public EngineChoice select(EngineMode mode) throws EngineUnavailableException {
        boolean windows = Platforms.isWindows(osName);
        switch (mode) {
            case JAVA:
                return new EngineChoice(javaEngine.get(), Optional.empty());
            case VIRTDISK:
                if (!windows) {
                    throw new EngineUnavailableException(EngineUnavailableException.Reason.NOT_ON_THIS_SYSTEM,
                            "--engine virtdisk needs Windows, and this is " + osName + ": use --engine java or auto", null);
                }
                try {
                    return new EngineChoice(loadVirtDisk(), Optional.empty());
                } catch (LinkageError e) {
                    throw new EngineUnavailableException(EngineUnavailableException.Reason.FAILED_TO_LOAD,
                            "--engine virtdisk: " + loadFailure(e) + "; use --engine java or auto", e);
                }
            default:
                if (!windows) {
                    return new EngineChoice(javaEngine.get(), Optional.empty());
                }
                try {
                    return new EngineChoice(loadVirtDisk(), Optional.empty());
                } catch (LinkageError e) {
                    return new EngineChoice(javaEngine.get(), Optional.of(loadFailure(e) + "; using the Java engine"));
                }
        }
    }

    private DiskEngine loadVirtDisk() {
        return new VirtDiskEngine(VirtualDiskApi.load(virtDisk));
    }

    private static String loadFailure(LinkageError e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return "VirtDisk.dll could not be loaded (" + detail + ")";
    }
}
