package org.vhdboot.oci;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * How a layer blob holds its image file. zstd was chosen over xz for its decompression speed at a similar ratio
 * (docs/benchmarks.md, "OCI layers"). Both directions stream with memory bounded whatever the layer size: the
 * compressor's window is fixed by its level, and the decompressor refuses a frame asking for a window over
 * 2^{@value #MAX_WINDOW_LOG} bytes, so a hostile blob cannot make it allocate more.
 */
public enum LayerCompression {
    NONE,
    ZSTD;

    /** zstd level 3: the library's default, the best speed for its ratio on NTFS images (docs/benchmarks.md). */
    public static final int ZSTD_LEVEL = 3;
    static final int MAX_WINDOW_LOG = 27;

    /** Wraps {@code out} so that what is written to the result lands compressed; closing it closes {@code out}. */
    public OutputStream compressing(OutputStream out) throws IOException {
        if (this == NONE) {
            return out;
        }
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(out, ZSTD_LEVEL);
        zstd.setChecksum(true);
        return zstd;
    }

    /**
     * Wraps {@code in} so that reading the result gives the uncompressed bytes. A stream that is not valid for this
     * compression fails as an INTEGRITY {@link OciException}; a failure to read {@code in} stays what it is.
     */
    public InputStream decompressing(InputStream in) throws IOException {
        if (this == NONE) {
            return in;
        }
        ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(in);
        zstd.setLongMax(MAX_WINDOW_LOG);
        return new FilterInputStream(zstd) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    return super.read(buffer, offset, length);
                } catch (ZstdIOException | ZstdException e) {
                    throw new OciException(OciException.Kind.INTEGRITY, "not a valid zstd stream: " + e.getMessage());
                }
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
        };
    }
}
