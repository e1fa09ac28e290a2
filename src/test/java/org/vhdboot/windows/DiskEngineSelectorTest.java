package org.vhdboot.windows;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.DiskEngine;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.JavaDiskEngine;
import org.vhdboot.windows.virtdisk.VirtDisk;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskEngineSelectorTest {
    private final Supplier<DiskEngine> java = () -> new JavaDiskEngine(new DiskImages());
    private final VirtDiskLoader missing = () -> {
        throw new UnsatisfiedLinkError("Unable to load library 'VirtDisk'");
    };
    private final VirtDiskLoader present = () -> (VirtDisk) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {VirtDisk.class}, (proxy, method, args) -> {
                throw new AssertionError("selecting must not call virtdisk");
            });
    private final VirtDiskLoader untouched = () -> {
        throw new AssertionError("the loader must not be asked off Windows");
    };

    @Test
    void autoPicksVirtDiskOnWindows() throws Exception {
        EngineChoice choice = new DiskEngineSelector("Windows 11", java, present).select(EngineMode.AUTO);
        assertEquals("virtdisk", choice.engine().name());
        assertEquals(Optional.empty(), choice.fallbackReason());
    }

    @Test
    void autoPicksJavaElsewhereWithoutTouchingVirtDisk() throws Exception {
        EngineChoice choice = new DiskEngineSelector("Linux", java, untouched).select(EngineMode.AUTO);
        assertEquals("java", choice.engine().name());
        assertEquals(Optional.empty(), choice.fallbackReason());
    }

    @Test
    void autoFallsBackToJavaAndSaysWhyWhenVirtDiskCannotLoad() throws Exception {
        EngineChoice choice = new DiskEngineSelector("Windows 10", java, missing).select(EngineMode.AUTO);
        assertEquals("java", choice.engine().name());
        assertEquals(Optional.of("VirtDisk.dll could not be loaded (Unable to load library 'VirtDisk');"
                + " using the Java engine"), choice.fallbackReason());
    }

    @Test
    void javaIsAlwaysJava() throws Exception {
        assertEquals("java", new DiskEngineSelector("Windows 11", java, untouched).select(EngineMode.JAVA).engine().name());
    }

    @Test
    void explicitVirtDiskOffWindowsIsAUsageError() {
        EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
                () -> new DiskEngineSelector("Linux", java, untouched).select(EngineMode.VIRTDISK));
        assertEquals(EngineUnavailableException.Reason.NOT_ON_THIS_SYSTEM, e.reason());
        assertEquals("--engine virtdisk needs Windows, and this is Linux: use --engine java or auto", e.getMessage());
    }

    @Test
    void explicitVirtDiskThatCannotLoadDoesNotFallBack() {
        EngineUnavailableException e = assertThrows(EngineUnavailableException.class,
                () -> new DiskEngineSelector("Windows 11", java, missing).select(EngineMode.VIRTDISK));
        assertEquals(EngineUnavailableException.Reason.FAILED_TO_LOAD, e.reason());
        assertTrue(e.getMessage().startsWith("--engine virtdisk: VirtDisk.dll could not be loaded"), e.getMessage());
    }

    @Test
    void explicitVirtDiskOnWindows() throws Exception {
        assertEquals("virtdisk", new DiskEngineSelector("Windows Server 2022", java, present)
                .select(EngineMode.VIRTDISK).engine().name());
    }

    @Test
    void parsesTheOption() {
        assertEquals(EngineMode.AUTO, EngineMode.parse("auto"));
        assertEquals(EngineMode.VIRTDISK, EngineMode.parse(" VirtDisk "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineMode.parse("qemu"));
        assertEquals("unknown engine 'qemu': use auto, java or virtdisk", e.getMessage());
    }
}
