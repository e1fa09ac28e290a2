package org.vhdboot.disk.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A read-only view of a file with in-memory patches on top: how a read-only open sees a VHDX whose log
 * was replayed in memory, without writing the file.
 */
public final class OverlayStorage implements Storage {
    private final Storage base;
    private final NavigableMap<Long, byte[]> patches = new TreeMap<>();
    private long size;

    public OverlayStorage(Storage base) throws IOException {
        this.base = base;
        this.size = base.size();
    }

    /** Records bytes as if written at {@code position}; later patches win over earlier ones. */
    public void patch(long position, byte[] bytes) {
        // Trim or split overlapped patches so the map holds disjoint ranges.
        long end = position + bytes.length;
        Map.Entry<Long, byte[]> before = patches.floorEntry(position);
        if (before != null && before.getKey() + before.getValue().length > position) {
            byte[] old = before.getValue();
            long oldEnd = before.getKey() + old.length;
            patches.put(before.getKey(), java.util.Arrays.copyOf(old, (int) (position - before.getKey())));
            if (oldEnd > end) {
                patches.put(end, java.util.Arrays.copyOfRange(old, (int) (end - before.getKey()), old.length));
            }
        }
        for (Long key : new java.util.ArrayList<>(patches.subMap(position, true, end, false).keySet())) {
            byte[] inside = patches.remove(key);
            long insideEnd = key + inside.length;
            if (insideEnd > end) {
                patches.put(end, java.util.Arrays.copyOfRange(inside, (int) (end - key), inside.length));
            }
        }
        patches.entrySet().removeIf(e -> e.getValue().length == 0);
        patches.put(position, bytes.clone());
        size = Math.max(size, end);
    }

    public void extendTo(long newSize) {
        size = Math.max(size, newSize);
    }

    @Override
    public Path path() {
        return base.path();
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        int length = dst.remaining();
        long end = position + length;
        if (end > size) {
            base.read(position, dst);
            return;
        }
        long baseSize = base.size();
        int start = dst.position();
        if (position < baseSize) {
            int fromBase = (int) Math.min(length, baseSize - position);
            base.read(position, dst.slice(start, fromBase));
            for (int i = start + fromBase; i < start + length; i++) {
                dst.put(i, (byte) 0);
            }
        } else {
            for (int i = start; i < start + length; i++) {
                dst.put(i, (byte) 0);
            }
        }
        Map.Entry<Long, byte[]> first = patches.floorEntry(position);
        Long from = first != null ? first.getKey() : position;
        for (Map.Entry<Long, byte[]> patch : patches.subMap(from, true, end, false).entrySet()) {
            long patchStart = patch.getKey();
            byte[] bytes = patch.getValue();
            long overlapStart = Math.max(patchStart, position);
            long overlapEnd = Math.min(patchStart + bytes.length, end);
            if (overlapEnd <= overlapStart) {
                // The patch just before the range ends before it starts.
                continue;
            }
            dst.put(start + (int) (overlapStart - position), bytes, (int) (overlapStart - patchStart),
                    (int) (overlapEnd - overlapStart));
        }
        dst.position(start + length);
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        throw new IOException(path().getFileName() + " is open read-only");
    }

    @Override
    public void force() {
        // Nothing is ever written.
    }

    @Override
    public void truncate(long newSize) throws IOException {
        throw new IOException(path().getFileName() + " is open read-only");
    }

    @Override
    public void close() throws IOException {
        base.close();
    }
}
