package org.vhdboot.oci;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Arrays of one size, used again once their data is written: fresh ones would be zeroed, and copied by the collector
 * while they wait in a handoff. It keeps at most {@code spares}; any more are left to the collector, so the memory
 * stays bounded by what is in flight.
 */
public final class BufferPool {
    private final int size;
    private final BlockingQueue<byte[]> spare;

    public BufferPool(int size, int spares) {
        this.size = size;
        this.spare = new ArrayBlockingQueue<>(spares);
    }

    /** A spare array, or a new one when none is free; its content is whatever it held last. */
    public byte[] take() {
        byte[] array = spare.poll();
        return array != null ? array : new byte[size];
    }

    /** {@code array}, whose data its last reader is done with, serves again (when it is one of this size). */
    public void giveBack(byte[] array) {
        if (array.length == size) {
            spare.offer(array);
        }
    }
}
