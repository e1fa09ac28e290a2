package org.vhdboot.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which layout child, if any, the running OS booted from, by file identity (volume and path on it)
 * rather than drive letter: the host partition's letter differs between the host OS, Current and Recovery.
 */
public final class BootedDiskMatcher {
    private final VolumeResolver volumes;

    public BootedDiskMatcher(VolumeResolver volumes) {
        this.volumes = volumes;
    }

    /**
     * The running OS's own disk among a chain's backing files. Entries flagged DEPENDENT_DISK_FLAG_PARENT are
     * ancestors and go first; of the rest, the lowest AncestorLevel wins. Which end of a chain is level 0 is
     * not documented, so the flag decides whenever Windows sets it; empty when every entry is a parent.
     */
    public static Optional<BackingFile> runningDisk(List<BackingFile> chain) {
        return chain.stream()
                .filter(file -> !file.pathOnVolume().isBlank())
                .filter(file -> !file.parent())
                .min(Comparator.comparingInt(BackingFile::ancestorLevel));
    }

    /**
     * @param booted the running OS's backing file; empty when it did not boot from a virtual disk
     * @param children role name to child file, as the caller's layout names them
     * @param evidence how {@code booted} was found, kept in the answer
     */
    public BootedFrom match(Optional<BackingFile> booted, Map<String, Path> children, String evidence)
            throws IOException {
        if (booted.isEmpty()) {
            return BootedFrom.notVirtual(evidence);
        }
        BackingFile file = booted.get();
        Optional<String> bootedVolume = file.volumeName().isPresent() ? file.volumeName()
                : file.driveLetter().isPresent() ? volumes.volumeOfDriveLetter(file.driveLetter().get()) : Optional.empty();
        String how = bootedVolume.isPresent() ? evidence
                : evidence + "; the host volume is unknown, so only the path on it was compared";
        for (Map.Entry<String, Path> child : children.entrySet()) {
            Optional<VolumeLocation> location = volumes.locate(child.getValue());
            if (location.isPresent() && sameFile(location.get(), bootedVolume, file.pathOnVolume())) {
                return BootedFrom.child(child.getKey(), file.describe(), how);
            }
        }
        return BootedFrom.otherDisk(file.describe(), how);
    }

    private static boolean sameFile(VolumeLocation child, Optional<String> bootedVolume, String bootedPath) {
        if (bootedVolume.isPresent()) {
            return child.sameFileAs(bootedVolume.get(), bootedPath);
        }
        return VolumeLocation.samePath(child.pathOnVolume(), bootedPath);
    }
}
