package org.vhdboot.ops;

import org.vhdboot.oci.TransferListener;

/** How an image command shows each file it moves or hashes: a progress bar on a terminal, plain lines otherwise. */
@FunctionalInterface
public interface TransferProgress {
    TransferProgress NONE = (what, bytes) -> TransferListener.NONE;

    /**
     * The listener for one layer's blob.
     *
     * @param what  e.g. {@code pull 2026-12}
     * @param bytes the blob's size
     */
    TransferListener start(String what, long bytes);
}
