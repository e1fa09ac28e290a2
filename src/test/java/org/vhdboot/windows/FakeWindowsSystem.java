package org.vhdboot.windows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Windows' raw answers, set by each test. */
final class FakeWindowsSystem implements WindowsSystem {
    boolean elevated = true;
    IOException elevationFailure;
    int firmwareType = FIRMWARE_TYPE_UEFI;
    boolean nativeVhdBoot;
    List<BackingFile> backingFiles = List.of();
    IOException backingFilesFailure;
    final Map<String, Integer> attributes = new HashMap<>();
    final Map<String, Integer> volumeFlags = new HashMap<>();
    final Map<String, Integer> registry = new HashMap<>();
    final List<String> lockedFiles = new ArrayList<>();

    @Override
    public boolean elevated() throws IOException {
        if (elevationFailure != null) {
            throw elevationFailure;
        }
        return elevated;
    }

    @Override
    public int firmwareType() {
        return firmwareType;
    }

    @Override
    public boolean nativeVhdBoot() {
        return nativeVhdBoot;
    }

    @Override
    public List<BackingFile> systemVolumeBackingFiles() throws IOException {
        if (backingFilesFailure != null) {
            throw backingFilesFailure;
        }
        return backingFiles;
    }

    @Override
    public int fileAttributes(String path) {
        return attributes.getOrDefault(path, 0x10);
    }

    @Override
    public int volumeFlags(String volumeRoot) {
        return volumeFlags.getOrDefault(volumeRoot, 0);
    }

    @Override
    public Optional<Integer> machineDword(String key, String value) {
        return Optional.ofNullable(registry.get(key + "\\" + value));
    }

    @Override
    public boolean sharingViolation(String file) {
        return lockedFiles.contains(file);
    }
}
