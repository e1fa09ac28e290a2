package org.vhdboot.windows;

import org.vhdboot.boot.FirmwareType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.windows.virtdisk.VirtDiskLoader;
import org.vhdboot.windows.win32.Win32System;
import org.vhdboot.windows.win32.WindowsEventLog;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native answers of {@link WindowsPlatform} on a real Windows; what a machine's state decides is only printed. */
@EnabledOnOs(OS.WINDOWS)
class WindowsPlatformOnWindowsTest {
    private final Platform platform = Platforms.current();

    @Test
    void isTheWindowsPlatform() {
        assertEquals("windows", platform.name());
        assertTrue(platform instanceof WindowsPlatform);
    }

    @Test
    void knowsTheFirmware() {
        assertNotEquals(FirmwareType.UNKNOWN, platform.firmwareType());
    }

    @Test
    void answersWhichDiskItBootedFrom() throws Exception {
        Map<String, Path> children = Map.of("current", Path.of("C:\\vhdboot-test\\X-Current.vhdx"));
        BootedFrom booted = platform.bootedFrom(children);
        System.out.println("booted from: " + booted);
        assertFalse(booted.runningFrom("current"), "no such file exists, so it cannot be the running disk");
        assertEquals(booted.nativeVhdBoot(), booted.bootedFile().isPresent());
    }

    /**
     * IsNativeVhdBoot answers on any boot, without an error, and the platform reports what it answered: a virtual
     * disk it booted from, or none.
     */
    @Test
    void isNativeVhdBootAnswersWithoutAnErrorOnAnyBoot() throws Exception {
        boolean nativeBoot = new Win32System(VirtDiskLoader.NATIVE).nativeVhdBoot();
        System.out.println("IsNativeVhdBoot: " + nativeBoot);
        assertEquals(nativeBoot, platform.bootedFrom(Map.of()).nativeVhdBoot());
        if (!nativeBoot) {
            assertEquals(java.util.Optional.empty(), platform.bootedImage(), "no virtual disk to name");
        }
    }

    @Test
    void seesAnOpenFileAsInUse(@TempDir Path folder) throws Exception {
        Path image = Files.write(folder.resolve("X-Current.vhdx"), new byte[4096]);
        assertFalse(platform.inUse(image));
        try (FileChannel open = FileChannel.open(image, StandardOpenOption.READ)) {
            assertTrue(open.isOpen());
            assertTrue(platform.inUse(image), "another handle holds the file");
        }
        assertFalse(platform.inUse(image));
    }

    @Test
    void describesTheTemporaryFoldersVolume(@TempDir Path folder) throws Exception {
        VolumeFacts facts = platform.volumeFacts(folder);
        System.out.println("volume facts: " + facts + ", hibernation: " + platform.hibernationEnabled()
                + ", elevated: " + platform.elevated());
        assertTrue(facts.freeBytes() > 0);
    }

    /** Writing needs the source the installer registers, or rights to create it; either way it must not fail. */
    @Test
    void writesToTheEventLog() {
        assertDoesNotThrow(() -> new WindowsEventLog().write(1, EventSeverity.INFORMATION,
                "vhdboot test suite: event log check"));
    }
}
