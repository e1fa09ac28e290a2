package org.vhdboot.oci;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes downloaded bytes at the end of a part file. The one seam tests use to make a disk fill up
 * part-way through a download.
 */
@FunctionalInterface
public interface PartWriter {
    PartWriter DIRECT = (channel, data) -> {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    };

    void append(FileChannel channel, ByteBuffer data) throws IOException;
}
