package org.vhdboot.windows;

import org.vhdboot.boot.FirmwareType;
import org.junit.jupiter.api.Test;
import org.vhdboot.windows.virtdisk.DependentDiskFlag;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowsPlatformTest {
    private static final String HOST = "\\\\?\\Volume{6a1f0c2e-11d2-4b7e-9d3c-0a1b2c3d4e5f}\\";
    private static final String POWER = WindowsPlatform.POWER_KEY + "\\";

    private final FakeWindowsSystem system = new FakeWindowsSystem();
    private final FakeVolumeResolver volumes = new FakeVolumeResolver().letter("D:", HOST);
    private Optional<Boolean> bitLockerAnswer = Optional.of(false);
    private final List<String> bitLockerAsked = new java.util.ArrayList<>();
    private Optional<String> osDevice = Optional.empty();
    private final WindowsPlatform platform = new WindowsPlatform(system, volumes, volume -> {
        bitLockerAsked.add(volume);
        return bitLockerAnswer;
    }, () -> osDevice);

    private static Map<String, Path> layout() {
        Map<String, Path> children = new LinkedHashMap<>();
        children.put("current", Path.of("D:\\vhd\\Win-Current.vhdx"));
        children.put("recovery", Path.of("D:\\vhd\\Win-Recovery.vhdx"));
        return children;
    }

    /** The temporary folders of these tests live on the host volume. */
    private static VolumeResolver everythingOnHost() {
        return new VolumeResolver() {
            @Override
            public Optional<VolumeLocation> locate(Path file) {
                return Optional.of(new VolumeLocation(HOST, "\\tmp\\" + file.getFileName()));
            }

            @Override
            public Optional<String> volumeOfDriveLetter(String driveLetter) {
                return Optional.empty();
            }
        };
    }

    @Test
    void mapsTheFirmwareTypeCodes() {
        system.firmwareType = 1;
        assertEquals(FirmwareType.BIOS, platform.firmwareType());
        system.firmwareType = 2;
        assertEquals(FirmwareType.UEFI, platform.firmwareType());
        system.firmwareType = 0;
        assertEquals(FirmwareType.UNKNOWN, platform.firmwareType());
    }

    @Test
    void anUnreadableTokenCountsAsNotElevated() {
        assertTrue(platform.elevated());
        system.elevationFailure = new IOException("token");
        assertFalse(platform.elevated());
    }

    @Test
    void aPhysicalBootNeedsNoFurtherQuestions() throws Exception {
        system.backingFilesFailure = new IOException("must not be asked");
        BootedFrom result = platform.bootedFrom(layout());
        assertFalse(result.nativeVhdBoot());
        assertTrue(result.evidence().startsWith("IsNativeVhdBoot"));
    }

    @Test
    void usesTheStorageDependencyFirst() throws Exception {
        system.nativeVhdBoot = true;
        system.backingFiles = List.of(BackingFile.onVolume(HOST, "\\vhd\\Win.vhdx", 2, DependentDiskFlag.PARENT.bit()),
                BackingFile.onVolume(HOST, "\\vhd\\Win-Recovery.vhdx", 1, 0));
        osDevice = Optional.of("vhd=[D:]\\vhd\\Win-Current.vhdx");
        BootedFrom result = platform.bootedFrom(layout());
        assertTrue(result.runningFrom("recovery"));
        assertEquals("storage dependency of the system volume", result.evidence());
    }

    @Test
    void fallsBackToTheBootEntryWhenTheDependencyQueryFails() throws Exception {
        system.nativeVhdBoot = true;
        system.backingFilesFailure = new IOException("VirtDisk.dll could not be loaded");
        osDevice = Optional.of("vhd=[D:]\\vhd\\Win-Current.vhdx,locate=custom:22000002");
        BootedFrom result = platform.bootedFrom(layout());
        assertTrue(result.runningFrom("current"));
        assertTrue(result.evidence().contains("bcdedit"), result.evidence());
        assertTrue(result.evidence().contains("VirtDisk.dll could not be loaded"), result.evidence());
    }

    @Test
    void fallsBackWhenNoBackingFileIsListed() throws Exception {
        system.nativeVhdBoot = true;
        osDevice = Optional.of("vhd=[D:]\\vhd\\Other.vhdx");
        BootedFrom result = platform.bootedFrom(layout());
        assertTrue(result.runningFromOtherDisk());
    }

    @Test
    void refusesToGuessWhenNeitherSourceAnswers() {
        system.nativeVhdBoot = true;
        system.backingFilesFailure = new IOException("access denied");
        IOException e = assertThrows(IOException.class, () -> platform.bootedFrom(layout()));
        assertEquals("cannot tell which virtual disk this Windows started from: access denied, and the boot entry's"
                + " osdevice is not available", e.getMessage());
    }

    @Test
    void refusesABootEntryThatIsNotAVirtualDisk() {
        system.nativeVhdBoot = true;
        system.backingFilesFailure = new IOException("access denied");
        osDevice = Optional.of("partition=C:");
        IOException e = assertThrows(IOException.class, () -> platform.bootedFrom(layout()));
        assertTrue(e.getMessage().endsWith("osdevice 'partition=C:' is not a virtual disk"), e.getMessage());
    }

    @Test
    void theBootedImageComesFromTheSameSourcesAsBootedFrom() throws Exception {
        assertEquals(Optional.empty(), platform.bootedImage());
        system.nativeVhdBoot = true;
        system.backingFilesFailure = new IOException("access denied");
        assertEquals(Optional.empty(), platform.bootedImage(), "neither source answers");
        osDevice = Optional.of("vhd=[D:]\\vhd\\Win-Current.vhdx,locate=custom:22000002");
        assertEquals(Optional.of(Path.of("D:\\").resolve("vhd\\Win-Current.vhdx")), platform.bootedImage());
    }

    @Test
    void volumeFactsCombineFolderAndVolumeAttributes(@TempDir Path folder) throws Exception {
        WindowsPlatform onFolder = new WindowsPlatform(system, everythingOnHost(), volume -> bitLockerAnswer,
                () -> osDevice);
        VolumeFacts plain = onFolder.volumeFacts(folder);
        assertFalse(plain.compressed() || plain.encrypted() || plain.bitLocker());
        assertTrue(plain.freeBytes() > 0);
        assertEquals(List.of(), plain.notes());

        system.attributes.put(folder.toString(), 0x10 | WindowsSystem.FILE_ATTRIBUTE_ENCRYPTED);
        system.volumeFlags.put(HOST, WindowsSystem.FILE_VOLUME_IS_COMPRESSED);
        bitLockerAnswer = Optional.of(true);
        VolumeFacts flagged = onFolder.volumeFacts(folder);
        assertTrue(flagged.encrypted());
        assertTrue(flagged.compressed());
        assertTrue(flagged.bitLocker());

        system.attributes.clear();
        system.volumeFlags.clear();
        system.attributes.put(HOST, 0x10 | WindowsSystem.FILE_ATTRIBUTE_COMPRESSED);
        assertTrue(onFolder.volumeFacts(folder).compressed(), "compression set on the volume root");
    }

    @Test
    void anUnknownBitLockerStateIsSaidNotHidden(@TempDir Path folder) throws Exception {
        WindowsPlatform onFolder = new WindowsPlatform(system, everythingOnHost(), volume -> Optional.empty(),
                () -> osDevice);
        VolumeFacts facts = onFolder.volumeFacts(folder);
        assertFalse(facts.bitLocker());
        assertEquals(1, facts.notes().size());
        assertTrue(facts.notes().get(0).startsWith("BitLocker state unknown"));
    }

    @Test
    void hibernationFollowsTheRegistry() {
        assertFalse(platform.hibernationEnabled());
        system.registry.put(POWER + "HibernateEnabledDefault", 1);
        assertTrue(platform.hibernationEnabled(), "the default applies while HibernateEnabled is absent");
        system.registry.put(POWER + "HibernateEnabled", 0);
        assertFalse(platform.hibernationEnabled(), "powercfg /h off writes HibernateEnabled = 0");
        system.registry.put(POWER + "HibernateEnabled", 1);
        assertTrue(platform.hibernationEnabled());
    }

    @Test
    void inUseMeansASharingViolation(@TempDir Path folder) throws Exception {
        Path image = Files.createFile(folder.resolve("Win-Current.vhdx"));
        assertFalse(platform.inUse(image));
        system.lockedFiles.add(image.toAbsolutePath().toString());
        assertTrue(platform.inUse(image));
        assertFalse(platform.inUse(folder.resolve("missing.vhdx")));
    }

    @Test
    void identifiesItself() {
        assertEquals("windows", platform.name());
        assertTrue(platform.isWindows());
    }
}
