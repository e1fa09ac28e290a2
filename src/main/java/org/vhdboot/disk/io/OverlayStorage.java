package org.vhdboot.disk.io;

import org.vhdboot.disk.InvalidImageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A read-only view of a file with in-memory patches on top: how a read-only open sees a VHDX whose log
 * was replayed in memory, without writing the file. A patch holds its bytes, or only says "zeros" or "the
 * base's bytes from elsewhere", so a log that zeroes a terabyte or copies its data sectors costs a few
 * objects, not the bytes themselves.
 */
public final class OverlayStorage implements Storage {
    private final Storage base;
    /** Disjoint ranges by start; a later patch trims or splits the earlier ones it overlaps. */
    private final NavigableMap<Long, Patch> patches = new TreeMap<>();
    private long size;

    /** The content of one patched range. */
    private sealed interface Patch permits Bytes, Zeros, Moved {
        long length();

        /** The part from {@code from} to {@code to}, both relative to this patch's start. */
        Patch slice(long from, long to);

        /** Fills {@code dst} with this patch's bytes from {@code from} on. */
        void read(Storage base, long from, ByteBuffer dst) throws IOException;
    }

    private record Bytes(byte[] data, int offset, long length) implements Patch {
        @Override
        public Patch slice(long from, long to) {
            return new Bytes(data, offset + (int) from, to - from);
        }

        @Override
        public void read(Storage base, long from, ByteBuffer dst) {
            dst.put(data, offset + (int) from, dst.remaining());
        }
    }

    private record Zeros(long length) implements Patch {
        @Override
        public Patch slice(long from, long to) {
            return new Zeros(to - from);
        }

        @Override
        public void read(Storage base, long from, ByteBuffer dst) {
            ZeroBytes.fill(dst);
        }
    }

    private record Moved(long basePosition, long length) implements Patch {
        @Override
        public Patch slice(long from, long to) {
            return new Moved(basePosition + from, to - from);
        }

        @Override
        public void read(Storage base, long from, ByteBuffer dst) throws IOException {
            base.read(basePosition + from, dst);
        }
    }

    public OverlayStorage(Storage base) throws IOException {
        this.base = base;
        this.size = base.size();
    }

    /** Records bytes as if written at {@code position}; later patches win over earlier ones. */
    public void patch(long position, byte[] bytes) {
        put(position, new Bytes(bytes.clone(), 0, bytes.length));
    }

    /** Records {@code length} zero bytes as if written at {@code position}, without allocating them. */
    public void zero(long position, long length) {
        put(position, new Zeros(length));
    }

    /** Records that the {@code length} bytes at {@code position} read as the base's bytes at {@code basePosition}. */
    public void copyFromBase(long position, long basePosition, long length) {
        put(position, new Moved(basePosition, length));
    }

    private void put(long position, Patch patch) {
        if (patch.length() == 0) {
            return;
        }
        long end = position + patch.length();
        Map.Entry<Long, Patch> before = patches.lowerEntry(position);
        if (before != null && before.getKey() + before.getValue().length() > position) {
            long start = before.getKey();
            Patch old = before.getValue();
            patches.put(start, old.slice(0, position - start));
            if (start + old.length() > end) {
                patches.put(end, old.slice(end - start, old.length()));
            }
        }
        SortedMap<Long, Patch> inside = patches.subMap(position, end);
        if (!inside.isEmpty()) {
            long lastStart = inside.lastKey();
            Patch last = inside.get(lastStart);
            inside.clear();
            if (lastStart + last.length() > end) {
                patches.put(end, last.slice(end - lastStart, last.length()));
            }
        }
        patches.put(position, patch);
        size = Math.max(size, end);
    }

    /** Makes the view at least {@code newSize} bytes long; the new bytes read as zeros. */
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
        if (position < 0 || position > size - length) {
            throw new InvalidImageException(path().getFileName() + " is truncated: needed bytes up to offset "
                    + (position + length) + " but the file, with its log replayed, ends at " + size);
        }
        long end = position + length;
        int start = dst.position();
        long baseSize = base.size();
        int fromBase = (int) Math.max(0, Math.min(length, baseSize - position));
        if (fromBase > 0) {
            base.read(position, dst.slice(start, fromBase));
        }
        ZeroBytes.fill(dst.slice(start + fromBase, length - fromBase));
        Map.Entry<Long, Patch> first = patches.floorEntry(position);
        long from = first != null ? first.getKey() : position;
        for (Map.Entry<Long, Patch> entry : patches.subMap(from, true, end, false).entrySet()) {
            long patchStart = entry.getKey();
            Patch patch = entry.getValue();
            long overlapStart = Math.max(patchStart, position);
            long overlapEnd = Math.min(patchStart + patch.length(), end);
            if (overlapEnd <= overlapStart) {
                // The patch just before the range ends before it starts.
                continue;
            }
            patch.read(base, overlapStart - patchStart,
                    dst.slice(start + (int) (overlapStart - position), (int) (overlapEnd - overlapStart)));
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
