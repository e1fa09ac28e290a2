package org.vhdboot.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A differencing chain opened as one virtual disk: the top layer first, its base last. Reads go through the
 * chain's {@link LayerResolver}; writes go to the top layer only, whose parents are always open read-only.
 */
public final class Chain implements VirtualDisk {
    private final List<Layer> layers;
    private final List<String> warnings;
    private final LayerResolver resolver;

    Chain(List<Layer> layers, List<String> warnings) {
        this.layers = List.copyOf(layers);
        this.warnings = List.copyOf(warnings);
        this.resolver = new LayerResolver(this.layers);
    }

    public Layer top() {
        return layers.get(0);
    }

    public Layer base() {
        return layers.get(layers.size() - 1);
    }

    /** The layers, top first. */
    public List<Layer> layers() {
        return layers;
    }

    /** Which layer answers for which sectors, over the whole chain. */
    public LayerResolver resolver() {
        return resolver;
    }

    /** Number of differencing links: 0 for a single image. */
    public int depth() {
        return layers.size() - 1;
    }

    /** Problems that did not stop the chain from opening, such as a VHD parent time stamp mismatch. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public long size() {
        return top().virtualSize();
    }

    @Override
    public int logicalSectorSize() {
        return top().logicalSectorSize();
    }

    /** Whole sectors go straight through the resolver; a partial sector at either end is read whole, then cut. */
    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkRange(offset, dst.remaining());
        int sector = logicalSectorSize();
        long end = offset + dst.remaining();
        long alignedStart = Math.min((offset + sector - 1) / sector * sector, end);
        long alignedEnd = end == size() ? end : end / sector * sector;
        if (alignedEnd <= alignedStart) {
            readAround(offset, dst);
            return;
        }
        int head = (int) (alignedStart - offset);
        int body = (int) (alignedEnd - alignedStart);
        if (head > 0) {
            readAround(offset, dst.slice(dst.position(), head));
            dst.position(dst.position() + head);
        }
        resolver.read(alignedStart, dst.slice(dst.position(), body));
        dst.position(dst.position() + body);
        if (dst.hasRemaining()) {
            readAround(alignedEnd, dst);
        }
    }

    /** Fills {@code dst} from the whole sectors around it, read into a buffer of their own. */
    private void readAround(long offset, ByteBuffer dst) throws IOException {
        int sector = logicalSectorSize();
        long start = offset / sector * sector;
        long stop = Math.min(size(), (offset + dst.remaining() + sector - 1) / sector * sector);
        ByteBuffer sectors = ByteBuffer.allocate((int) (stop - start));
        resolver.read(start, sectors);
        dst.put(sectors.slice((int) (offset - start), dst.remaining()));
    }

    /**
     * How many bytes from {@code offset}, at most {@code maxLength}, no layer stores: they read as zeros without
     * reading data, so a converter can skip them. Whole sectors; 0 when the first sector is stored.
     */
    public long unstoredLength(long offset, long maxLength) throws IOException {
        checkRange(offset, maxLength);
        int sector = logicalSectorSize();
        long length = offset + maxLength == size() ? maxLength : maxLength / sector * sector;
        if (offset % sector != 0 || length == 0) {
            return 0;
        }
        return resolver.unstoredLength(offset, length) / sector * sector;
    }

    /** True when no layer stores any byte of the range, so it reads as zeros. False when unsure. */
    public boolean storesNothing(long offset, long length) throws IOException {
        return length % logicalSectorSize() == 0 && unstoredLength(offset, length) >= length;
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        checkRange(offset, src.remaining());
        Layer target = top();
        if (!target.writable()) {
            throw new IOException(target.path().getFileName() + " is open read-only");
        }
        if (!src.hasRemaining()) {
            // Nothing to write: without this, the partial-sector path below would rewrite a whole sector.
            return;
        }
        int sector = target.logicalSectorSize();
        long at = offset;
        // Partial sectors are read through the chain, patched and written back whole.
        int head = (int) (at % sector);
        if (head != 0 || src.remaining() < sector) {
            int n = Math.min(sector - head, src.remaining());
            writePartialSector(at - head, head, src, n, sector);
            at += n;
        }
        int whole = (src.remaining() / sector) * sector;
        if (whole > 0) {
            ByteBuffer body = src.slice(src.position(), whole);
            target.writeSectors(at, body);
            src.position(src.position() + whole);
            at += whole;
        }
        if (src.hasRemaining()) {
            writePartialSector(at, 0, src, src.remaining(), sector);
        }
    }

    private void writePartialSector(long sectorStart, int inSector, ByteBuffer src, int n, int sector)
            throws IOException {
        // A raw disk may end inside its last sector.
        ByteBuffer whole = ByteBuffer.allocate((int) Math.min(sector, size() - sectorStart));
        resolver.read(sectorStart, whole);
        whole.position(inSector);
        whole.put(src.slice(src.position(), n));
        src.position(src.position() + n);
        whole.clear();
        top().writeSectors(sectorStart, whole);
    }

    private void checkRange(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size()) {
            throw new IOException("range " + offset + "+" + length + " is outside the virtual disk of "
                    + size() + " bytes");
        }
    }

    @Override
    public void flush() throws IOException {
        if (top().writable()) {
            top().flush();
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        List<Layer> reversed = new ArrayList<>(layers);
        Collections.reverse(reversed);
        for (Layer layer : reversed) {
            try {
                layer.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
