package org.vhdboot.disk;

import org.vhdboot.disk.io.ZeroBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The one place that resolves which layer of a stack answers for which sectors, as qemu's VHDX driver translates
 * every read and write with one function. Reads, "stores nothing", conversion, merges and layer copies all go
 * through {@link #resolve}. A stack is a chain's layers, top first, or a run of them: the answers then say which
 * layer of the run defines each sector, and {@link Answer.Kind#BELOW} where none does.
 *
 * <p>Where every layer is uniform from a position on (not present, stored, or zero), one {@link Layer#map} call per
 * layer answers for as far as they all reach, so an empty terabyte costs a few calls. Elsewhere the disk is
 * resolved one region at a time: a region lies inside one block of every layer, each layer is asked about it
 * once, and only the sectors it leaves open go on to the layers below, so a region the top stores never touches
 * the parents. Memory is one region's map ({@link RegionMap}), whatever the disk size. Neighbouring answers of
 * one layer that continue in its file are handed out as one.
 *
 * <p>{@link #copyDefined} writes a stack's defined sectors elsewhere. Merging a child into its parent copies the
 * stack [child] into the parent's chain. Deleting a snapshot S that a child C stands on copies the stack [C, S]
 * from level 1 into C: only where C defines nothing, so what C reads does not change. Exporting the layers above
 * a layer V of a chain copies the stack of those layers into a new child of V.
 */
public final class LayerResolver {
    /** Regions are this big at most; a power of two, so they never straddle a block of any layer. */
    static final int MAX_REGION = 2 << 20;
    /**
     * How far one uniform answer reaches at most: a few thousand block entries for a layer to scan, so repeated
     * questions from different places (one per converted chunk) stay cheap, and an empty terabyte is a thousand steps.
     */
    private static final long MAX_REACH = 1L << 30;
    private static final int COPY_CHUNK = 4 << 20;

    private final List<Layer> layers;
    private final long diskSize;
    private final int sectorSize;
    private final int regionSize;
    private final RegionMap region;
    private boolean resolving;

    /** Hands out the answers in disk order; returns false to stop. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Answer answer) throws IOException;
    }

    /** Where {@link #copyDefined} writes: whole sectors at a virtual-disk offset. */
    @FunctionalInterface
    public interface SectorWriter {
        void write(long offset, ByteBuffer sectors) throws IOException;
    }

    /** @param layers top first, all of one virtual size and sector size, as in a chain */
    public LayerResolver(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.diskSize = layers.get(0).virtualSize();
        this.sectorSize = layers.get(0).logicalSectorSize();
        for (Layer layer : layers) {
            if (layer.virtualSize() != diskSize || layer.logicalSectorSize() != sectorSize) {
                throw new IllegalArgumentException(layer.path().getFileName() + " differs in size or sector size from "
                        + layers.get(0).path().getFileName() + ", so they are no stack");
            }
        }
        this.regionSize = regionSizeFor(this.layers, sectorSize);
        this.region = new RegionMap(regionSize / sectorSize, sectorSize, this.layers.size() + 1);
    }

    /**
     * The largest power of two up to {@link #MAX_REGION} that divides every layer's block size, so each region
     * lies inside one block of each layer.
     */
    private static int regionSizeFor(List<Layer> layers, int sectorSize) {
        long size = MAX_REGION;
        for (Layer layer : layers) {
            if (layer.blockSize() > 0) {
                size = Math.min(size, Long.lowestOneBit(layer.blockSize()));
            }
        }
        return (int) Math.max(size, sectorSize);
    }

    public List<Layer> layers() {
        return layers;
    }

    /**
     * Hands {@code visitor} the answers for {@code length} bytes from {@code offset}, in order, until it returns
     * false. Both are whole sectors, except a length that reaches the disk's end. A visitor may write into the
     * stack's layers only where it was already answered, and may not resolve through this resolver.
     */
    public void resolve(long offset, long length, Visitor visitor) throws IOException {
        walk(offset, length, (at, bytes, level, kind, fileOffset) ->
                visitor.visit(new Answer(at, bytes, level, kind, fileOffset)));
    }

    /** {@link #resolve} without an object per answer, for the hot path of reads. */
    private void walk(long offset, long length, RunVisitor visitor) throws IOException {
        checkRange(offset, length);
        if (resolving) {
            throw new IllegalStateException("a visitor resolved through the resolver that called it");
        }
        resolving = true;
        try {
            Coalescer out = new Coalescer(visitor);
            long end = offset + length;
            for (long at = offset; at < end && !out.stopped; ) {
                at = step(at, end, out);
            }
            out.flush();
        } finally {
            resolving = false;
        }
    }

    /** An answer in its parts; returns false to stop. */
    @FunctionalInterface
    private interface RunVisitor {
        boolean visit(long offset, long length, int level, Answer.Kind kind, long fileOffset) throws IOException;
    }

    /** One uniform answer from {@code at} when every layer down to the one that answers allows it, else one region. */
    private long step(long at, long end, Coalescer out) throws IOException {
        long regionEnd = Math.min(end, (at / regionSize + 1) * regionSize);
        long reach = Math.min(end - at, MAX_REACH);
        for (int level = 0; level < layers.size(); level++) {
            Extent extent = map(level, at, reach);
            if (extent.length() < regionEnd - at) {
                return at + resolveRegion(at, (int) (regionEnd - at), level, extent, out);
            }
            if (extent.kind() != Extent.Kind.PARENT) {
                long length = Math.min(reach, extent.length());
                out.add(at, length, level, kindOf(extent), extent.fileOffset());
                return at + length;
            }
            reach = Math.min(reach, extent.length());
        }
        out.add(at, reach, layers.size(), Answer.Kind.BELOW, -1);
        return at + reach;
    }

    /**
     * Resolves up to {@code n} bytes inside one region, where the layers above {@code firstLevel} leave it all
     * open; returns how many it resolved: all of them, unless a layer's storage is not linear in the region.
     */
    private long resolveRegion(long at, int n, int firstLevel, Extent first, Coalescer out) throws IOException {
        region.reset((n + sectorSize - 1) / sectorSize);
        for (int level = firstLevel; level < layers.size() && region.stillOpen() > 0; level++) {
            Extent extent = level == firstLevel ? first : map(level, at, n);
            if (extent.length() >= n) {
                if (extent.kind() != Extent.Kind.PARENT) {
                    region.claim(0, region.sectors(), level, kindOf(extent), extent.fileOffset());
                }
                continue;
            }
            for (long pos = at; pos < at + resolved(n); ) {
                int into = (int) (pos - at);
                int count = (int) ((Math.min(extent.length(), n - into) + sectorSize - 1) / sectorSize);
                if (extent.kind() != Extent.Kind.PARENT) {
                    region.claim(into / sectorSize, count, level, kindOf(extent), extent.fileOffset());
                }
                pos += extent.length();
                if (pos < at + resolved(n)) {
                    extent = map(level, pos, at + n - pos);
                }
            }
        }
        region.claim(0, region.sectors(), layers.size(), Answer.Kind.BELOW, -1);
        region.emit(at, n, out);
        return resolved(n);
    }

    /** The bytes of an {@code n}-byte region that the region map still covers. */
    private long resolved(int n) {
        return Math.min(n, (long) region.sectors() * sectorSize);
    }

    /** A layer's extent, which must be whole sectors (or reach the disk's end), as every position asked is one. */
    private Extent map(int level, long at, long maxLength) throws IOException {
        Layer layer = layers.get(level);
        Extent extent = layer.map(at, maxLength);
        long length = extent.length();
        if (length <= 0 || length > maxLength || (length % sectorSize != 0 && at + length < diskSize)) {
            throw new IllegalStateException(layer.path().getFileName() + " maps " + length + " bytes at " + at
                    + " when asked for at most " + maxLength + " whole sectors");
        }
        return extent;
    }

    private static Answer.Kind kindOf(Extent extent) {
        return extent.kind() == Extent.Kind.STORED ? Answer.Kind.STORED : Answer.Kind.ZERO;
    }

    /**
     * Fills {@code dst} from {@code offset} as the stack reads: stored bytes from the layer that answers, zeros
     * elsewhere (below a stack lie zeros). Offset and length as for {@link #resolve}.
     */
    public void read(long offset, ByteBuffer dst) throws IOException {
        int start = dst.position();
        walk(offset, dst.remaining(), (at, bytes, level, kind, fileOffset) -> {
            int position = start + (int) (at - offset);
            if (kind == Answer.Kind.STORED) {
                layers.get(level).readStored(fileOffset, dst.slice(position, (int) bytes));
            } else {
                ZeroBytes.fill(dst, position, (int) bytes);
            }
            return true;
        });
        dst.position(dst.limit());
    }

    /**
     * How many bytes from {@code offset} (at most {@code maxLength}) no layer stores, so that they read as zeros
     * without reading data. Offset and length as for {@link #resolve}.
     */
    public long unstoredLength(long offset, long maxLength) throws IOException {
        long[] unstored = {0};
        resolve(offset, maxLength, answer -> {
            if (answer.kind() == Answer.Kind.STORED) {
                return false;
            }
            unstored[0] += answer.length();
            return true;
        });
        return unstored[0];
    }

    /**
     * Writes into {@code target} every sector that a layer at {@code fromLevel} or below it in the stack answers
     * for: its stored bytes, or the zeros it defines. Sectors answered above {@code fromLevel}, or by no layer of
     * the stack, are not written. Returns the bytes written.
     */
    public long copyDefined(int fromLevel, SectorWriter target) throws IOException {
        // Direct: the file channel reads into it and writes from it without a copy through a buffer of its own.
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(COPY_CHUNK, diskSize));
        long[] copied = {0};
        resolve(0, diskSize, answer -> {
            if (answer.defined() && answer.level() >= fromLevel) {
                copy(answer, buffer, target);
                copied[0] += answer.length();
            }
            return true;
        });
        return copied[0];
    }

    private void copy(Answer answer, ByteBuffer buffer, SectorWriter target) throws IOException {
        Layer layer = layers.get(answer.level());
        for (long done = 0; done < answer.length(); ) {
            int n = (int) Math.min(buffer.capacity(), answer.length() - done);
            buffer.clear().limit(n);
            if (answer.kind() == Answer.Kind.STORED) {
                layer.readStored(answer.fileOffset() + done, buffer);
            } else {
                ZeroBytes.fill(buffer);
            }
            buffer.flip();
            target.write(answer.offset() + done, buffer);
            done += n;
        }
    }

    private void checkRange(long offset, long length) {
        boolean inside = offset >= 0 && length >= 0 && offset <= diskSize - length;
        boolean whole = offset % sectorSize == 0 && (length % sectorSize == 0 || offset + length == diskSize);
        if (!inside || !whole) {
            throw new IllegalArgumentException("cannot resolve " + length + " bytes at " + offset + " of a "
                    + diskSize + "-byte disk of " + sectorSize + "-byte sectors");
        }
    }

    /** Joins neighbouring runs of one layer that continue in its file, and passes them on until told to stop. */
    private static final class Coalescer implements RegionMap.RunSink {
        private final RunVisitor visitor;
        private boolean stopped;
        private long offset;
        private long length;
        private int level;
        private Answer.Kind kind;
        private long fileOffset;

        Coalescer(RunVisitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public void add(long at, long bytes, int who, Answer.Kind how, long where) throws IOException {
            if (length > 0 && who == level && how == kind && at == offset + length
                    && (how != Answer.Kind.STORED || where == fileOffset + length)) {
                length += bytes;
                return;
            }
            flush();
            offset = at;
            length = bytes;
            level = who;
            kind = how;
            fileOffset = where;
        }

        void flush() throws IOException {
            if (length > 0 && !stopped) {
                stopped = !visitor.visit(offset, length, level, kind, fileOffset);
            }
            length = 0;
        }
    }
}
