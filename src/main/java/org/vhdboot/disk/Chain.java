package org.vhdboot.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A differencing chain opened as one virtual disk: the top layer first, its base last. Reads resolve sector
 * by sector through the layers; writes go to the top layer only, whose parents are always open read-only.
 */
public final class Chain implements VirtualDisk {
    private static final byte[] ZEROS = new byte[64 * 1024];

    private final List<Layer> layers;
    private final List<String> warnings;

    Chain(List<Layer> layers, List<String> warnings) {
        this.layers = List.copyOf(layers);
        this.warnings = List.copyOf(warnings);
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

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        checkRange(offset, dst.remaining());
        readFrom(0, offset, dst);
    }

    private void readFrom(int level, long offset, ByteBuffer dst) throws IOException {
        Layer layer = layers.get(level);
        long at = offset;
        while (dst.hasRemaining()) {
            Extent extent = layer.map(at, dst.remaining());
            int n = (int) Math.min(extent.length(), dst.remaining());
            ByteBuffer part = dst.slice(dst.position(), n);
            switch (extent.kind()) {
                case STORED:
                    layer.readStored(extent.fileOffset(), part);
                    break;
                case PARENT:
                    if (level + 1 < layers.size()) {
                        readFrom(level + 1, at, part);
                    } else {
                        fillZeros(part);
                    }
                    break;
                default:
                    fillZeros(part);
            }
            dst.position(dst.position() + n);
            at += n;
        }
    }

    private static void fillZeros(ByteBuffer part) {
        while (part.hasRemaining()) {
            part.put(ZEROS, 0, Math.min(ZEROS.length, part.remaining()));
        }
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
        ByteBuffer whole = ByteBuffer.allocate(sector);
        readFrom(0, sectorStart, whole);
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
