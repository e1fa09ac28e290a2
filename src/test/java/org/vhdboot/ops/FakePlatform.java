package org.vhdboot.ops;

import org.vhdboot.windows.BootedFrom;
import org.vhdboot.boot.FirmwareType;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.VolumeFacts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A platform whose answers a test sets: which child is running, what is in use, what the volume is like. */
public final class FakePlatform implements Platform {
    public boolean windows;
    public boolean elevated = true;
    public FirmwareType firmware = FirmwareType.UEFI;
    public String runningRole;
    public final Set<Path> inUse = new HashSet<>();
    public long freeBytes = Long.MAX_VALUE / 4;
    public boolean bitLocker;
    public boolean compressed;
    public boolean hibernation;
    public Path bootedImage;
    /** Who else may write each path; {@link #restrictToAdministrators} clears a folder's and its files'. */
    public final Map<Path, List<String>> otherWriters = new HashMap<>();
    public final List<Path> restricted = new ArrayList<>();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean isWindows() {
        return windows;
    }

    @Override
    public boolean elevated() {
        return elevated;
    }

    @Override
    public FirmwareType firmwareType() {
        return firmware;
    }

    @Override
    public BootedFrom bootedFrom(Map<String, Path> children) {
        if (runningRole == null) {
            return BootedFrom.notVirtual("fake: not booted from a virtual disk");
        }
        return new BootedFrom(true, Optional.of(runningRole), Optional.of(String.valueOf(children.get(runningRole))),
                "fake");
    }

    @Override
    public Optional<Path> bootedImage() {
        return Optional.ofNullable(bootedImage);
    }

    @Override
    public VolumeFacts volumeFacts(Path folder) {
        return new VolumeFacts(freeBytes, compressed, false, bitLocker);
    }

    @Override
    public boolean hibernationEnabled() {
        return hibernation;
    }

    @Override
    public boolean inUse(Path file) {
        return inUse.contains(file.toAbsolutePath().normalize());
    }

    @Override
    public List<String> otherWriters(Path path) {
        return otherWriters.getOrDefault(path.toAbsolutePath().normalize(), List.of());
    }

    @Override
    public void restrictToAdministrators(Path folder) {
        Path normalized = folder.toAbsolutePath().normalize();
        restricted.add(normalized);
        otherWriters.keySet().removeIf(path -> path.startsWith(normalized));
    }
}
