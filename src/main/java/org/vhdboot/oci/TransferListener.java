package org.vhdboot.oci;

import java.io.IOException;

/**
 * Progress of one blob transfer, for a progress bar; called from the transferring thread. A listener may stop the
 * transfer by throwing: the transfer fails with that exception, and what it already holds stays to resume from.
 */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} bytes are in place (a resumed transfer starts above zero). */
    void progress(long done, long total) throws IOException;
}
