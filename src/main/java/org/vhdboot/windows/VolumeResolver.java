package org.vhdboot.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Names volumes by identity in the running OS, where drive letters are only local aliases. */
public interface VolumeResolver {

    /** The volume holding {@code file} and the file's path on it; empty when the volume cannot be determined. */
    Optional<VolumeLocation> locate(Path file) throws IOException;

    /** The volume mounted at {@code driveLetter} ({@code D:}), empty when no volume has that letter. */
    Optional<String> volumeOfDriveLetter(String driveLetter) throws IOException;

    /** Where a volume ({@code \\?\Volume{GUID}\}) is mounted in this system, e.g. {@code D:\}; empty if nowhere. */
    default Optional<Path> mountPoint(String volumeName) throws IOException {
        return Optional.empty();
    }
}
