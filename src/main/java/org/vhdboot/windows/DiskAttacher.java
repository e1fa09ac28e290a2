package org.vhdboot.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Attaches an image as a disk of this machine, for {@code vhdboot mount} and {@code unmount}. This is only the
 * mechanism; the rules, such as "a parent may only be mounted read-only", belong to the use case.
 */
public interface DiskAttacher {

    /**
     * Attaches {@code image} so it stays attached after vhdboot exits.
     *
     * @param driveLetter {@code X:} to give the disk's volume that letter instead of an automatic one
     */
    AttachedDisk attach(Path image, boolean readOnly, Optional<String> driveLetter) throws IOException;

    void detach(Path image) throws IOException;
}
