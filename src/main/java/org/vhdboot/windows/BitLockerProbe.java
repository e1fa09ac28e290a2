package org.vhdboot.windows;

import java.io.IOException;
import java.util.Optional;

/** Tells whether BitLocker has encrypted a volume, in any state of encryption. */
public interface BitLockerProbe {

    /** @param volumeName {@code \\?\Volume{GUID}\}; the answer is empty when it cannot be determined */
    Optional<Boolean> encrypted(String volumeName) throws IOException;
}
