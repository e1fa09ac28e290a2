package org.vhdboot.windows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The running OS's drive letters, as a table: a Windows path's letter is looked up, the rest is the path on the volume. */
final class FakeVolumeResolver implements VolumeResolver {
    private final Map<String, String> volumeByLetter = new HashMap<>();

    FakeVolumeResolver letter(String letter, String volumeName) {
        volumeByLetter.put(letter.toUpperCase(Locale.ROOT), volumeName);
        return this;
    }

    @Override
    public Optional<VolumeLocation> locate(Path file) {
        String path = file.toString();
        if (path.startsWith("\\\\?\\Volume{")) {
            int end = path.indexOf("}\\") + 2;
            return Optional.of(VolumeLocation.of(path.substring(0, end), path.substring(0, end), path));
        }
        if (path.length() < 2 || path.charAt(1) != ':') {
            return Optional.empty();
        }
        String letter = path.substring(0, 2).toUpperCase(Locale.ROOT);
        return Optional.ofNullable(volumeByLetter.get(letter))
                .map(volume -> VolumeLocation.of(volume, letter + "\\", path));
    }

    @Override
    public Optional<String> volumeOfDriveLetter(String driveLetter) {
        return Optional.ofNullable(volumeByLetter.get(driveLetter.toUpperCase(Locale.ROOT)));
    }
}
