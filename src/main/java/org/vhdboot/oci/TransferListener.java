package org.vhdboot.oci;

/** Progress of one blob transfer, for a progress bar; called from the transferring thread. */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = (done, total) -> { };

    /** {@code done} of {@code total} bytes are in place (a resumed transfer starts above zero). */
    void progress(long done, long total);
}
