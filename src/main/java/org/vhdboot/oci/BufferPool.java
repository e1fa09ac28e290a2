package org.vhdboot.oci;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Arrays of one size, used again once their data is written: fresh ones would be zeroed, and copied by the collector
 * while they wait in a handoff. It keeps at most {@code spares}; any more are left to the collector, so the memory
 * stays bounded by what is in flight.
 */
public final class BufferPool {
    private final int size;
    private final BlockingQueue<byte[]> spare;
    private final AtomicLong made = new AtomicLong();

    public BufferPool(int size, int spares) {
        this.size = size;
        this.spare = new ArrayBlockingQueue<>(spares);
    }

    /** A spare array, or a new one when none is free; its content is whatever it held last. */
    public byte[] take() {
        byte[] array = spare.poll();
        if (array != null) {
            return array;
        }
        made.incrementAndGet();
        return new byte[size];
    }

    /** How many arrays {@link #take} had to make, none being spare. */
    public long made() {
        return made.get();
    }

    /** {@code array}, whose data its last reader is done with, serves again (when it is one of this size). */
    public void giveBack(byte[] array) {
        if (array.length == size) {
            spare.offer(array);
        }
    }
}
