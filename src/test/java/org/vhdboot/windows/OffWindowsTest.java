package org.vhdboot.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Windows layer loads and chooses sensibly where Windows is absent. */
@DisabledOnOs(OS.WINDOWS)
class OffWindowsTest {

    @Test
    void thePortablePlatformIsChosen() {
        assertTrue(Platforms.current() instanceof PortablePlatform);
        assertTrue(Platforms.isWindows("Windows Server 2025"));
        assertTrue(!Platforms.isWindows("Linux"));
    }

    @Test
    void theRealLoaderFailsWithALinkageErrorTheSelectorCanCatch() {
        assertThrows(UnsatisfiedLinkError.class, VirtDiskLoader.NATIVE::load);
    }

    @Test
    void autoSelectsJavaForThisSystem() throws Exception {
        EngineChoice choice = DiskEngineSelector.forThisSystem(new DiskImages()).select(EngineMode.AUTO);
        assertEquals("java", choice.engine().name());
        assertEquals(Optional.empty(), choice.fallbackReason());
    }
}
