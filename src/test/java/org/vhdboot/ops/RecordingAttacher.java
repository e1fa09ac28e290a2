package org.vhdboot.ops;

import org.vhdboot.windows.AttachedDisk;
import org.vhdboot.windows.DiskAttacher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records attaches ({@code ro NAME X:}) and detaches instead of doing them. */
public final class RecordingAttacher implements DiskAttacher {
    public final List<String> calls = new ArrayList<>();

    @Override
    public AttachedDisk attach(Path image, boolean readOnly, Optional<String> driveLetter) {
        calls.add((readOnly ? "ro " : "rw ") + image.getFileName() + driveLetter.map(l -> " " + l).orElse(""));
        return new AttachedDisk(image, "\\\\.\\PhysicalDrive3", readOnly, List.of("X:\\"), List.of());
    }

    @Override
    public void detach(Path image) {
        calls.add("detach " + image.getFileName());
    }
}
