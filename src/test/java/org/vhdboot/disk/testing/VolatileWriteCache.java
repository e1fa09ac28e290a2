package org.vhdboot.disk.testing;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A file behind a pretend disk write cache: writes since the last {@link #force()} are not yet durable. At a
 * simulated power loss ({@link #powerLoss}) any subset of them may be lost, as a real disk may persist cached
 * writes partly and out of order. The wrapper also stops the operation after a given number of steps.
 */
public final class VolatileWriteCache implements Storage {
    /** A write, or a truncation to {@code position} when {@code truncation} (its {@code before}: the bytes cut). */
    private record CachedWrite(long position, byte[] before, long sizeBefore, byte[] after, boolean truncation) {
    }

    private final Storage file;
    private final int allowedSteps;
    private final List<CachedWrite> cached = new ArrayList<>();
    private int steps;
    private boolean refused;

    /** @param allowedSteps writes, flushes and truncates that go through before the simulated crash */
    public VolatileWriteCache(Storage file, int allowedSteps) {
        this.file = file;
        this.allowedSteps = allowedSteps;
    }

    private void step(String what) throws SimulatedCrash {
        if (steps >= allowedSteps) {
            refused = true;
            throw new SimulatedCrash("simulated crash before " + what);
        }
        steps++;
    }

    /** Whether the operation was stopped: some step was refused. */
    public boolean crashed() {
        return refused;
    }

    /** Writes that were made since the last flush and could still be lost. */
    public int cachedWrites() {
        return cached.size();
    }

    /**
     * Undoes every write made since the last flush, then redoes, in their original order, those whose index
     * {@code survives} accepts: the file as the disk might hold it after power came back.
     */
    public void powerLoss(IntPredicate survives) throws IOException {
        for (int i = cached.size() - 1; i >= 0; i--) {
            CachedWrite write = cached.get(i);
            if (write.before().length > 0) {
                file.write(write.position(), ByteBuffer.wrap(write.before()));
            }
            if (file.size() > write.sizeBefore()) {
                file.truncate(write.sizeBefore());
            }
        }
        for (int i = 0; i < cached.size(); i++) {
            CachedWrite write = cached.get(i);
            if (!survives.test(i)) {
                continue;
            }
            if (write.truncation()) {
                if (file.size() > write.position()) {
                    file.truncate(write.position());
                }
            } else {
                file.write(write.position(), ByteBuffer.wrap(write.after()));
            }
        }
        cached.clear();
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public boolean writable() {
        return file.writable();
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        file.read(position, dst);
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        step("a write at " + position);
        long sizeBefore = file.size();
        int overlap = (int) Math.max(0, Math.min(src.remaining(), sizeBefore - position));
        byte[] before = overlap > 0 ? file.readBytes(position, overlap) : new byte[0];
        byte[] after = new byte[src.remaining()];
        src.duplicate().get(after);
        file.write(position, src);
        cached.add(new CachedWrite(position, before, sizeBefore, after, false));
    }

    @Override
    public void force() throws IOException {
        step("a flush");
        file.force();
        cached.clear();
    }

    @Override
    public void truncate(long size) throws IOException {
        step("a truncate to " + size);
        long sizeBefore = file.size();
        byte[] cut = sizeBefore > size ? file.readBytes(size, (int) (sizeBefore - size)) : new byte[0];
        file.truncate(size);
        cached.add(new CachedWrite(size, cut, sizeBefore, new byte[0], true));
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
