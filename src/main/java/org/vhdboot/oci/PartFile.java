package org.vhdboot.oci;

import org.vhdboot.files.KeptFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * The partial file a blob downloads into. What it already holds (from an interrupted run) is hashed first, so
 * the download resumes where it stopped and the digest still covers every byte. It is locked while in use, and
 * on a digest or size mismatch it is deleted, so a corrupt part is never resumed or kept.
 */
final class PartFile implements AutoCloseable {
    private static final int HASH_BUFFER = 1 << 20;

    private final Path path;
    private final Descriptor expected;
    private final PartWriter writer;
    private final FileChannel channel;
    private final FileLock lock;
    private final MessageDigest digest = Digest.newSha256();
    private long hashed;
    private long length;

    private PartFile(Path path, Descriptor expected, PartWriter writer, FileChannel channel, FileLock lock) {
        this.path = path;
        this.expected = expected;
        this.writer = writer;
        this.channel = channel;
        this.lock = lock;
    }

    static PartFile open(Path path, Descriptor expected, PartWriter writer) throws IOException {
        FileChannel channel = KeptFile.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new OciException(OciException.Kind.BUSY, "another transfer is writing " + path);
        }
        PartFile part = new PartFile(path, expected, writer, channel, lock);
        try {
            part.hashExisting();
        } catch (IOException | RuntimeException e) {
            part.close();
            throw e;
        }
        return part;
    }

    private void hashExisting() throws IOException {
        long size = channel.size();
        if (size > expected.size()) {
            channel.truncate(0);
            size = 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
        long position = 0;
        while (position < size) {
            buffer.clear().limit((int) Math.min(HASH_BUFFER, size - position));
            int read = channel.read(buffer, position);
            if (read < 0) {
                break;
            }
            buffer.flip();
            digest.update(buffer);
            position += read;
        }
        length = position;
        hashed = position;
        channel.position(length);
    }

    long length() {
        return length;
    }

    boolean isComplete() {
        return length == expected.size();
    }

    /** Hashes and writes {@code data}: {@link #hash} then {@link #write} on one thread. */
    void append(ByteBuffer data) throws IOException {
        hash(data);
        write(data);
    }

    /** Whether {@code count} more bytes would make the blob longer than its descriptor says. */
    boolean overflows(int count) {
        return hashed + count > expected.size();
    }

    /**
     * Adds {@code data} (left as it is) to the digest; more bytes than the descriptor's size is an INTEGRITY failure
     * (and deletes the part). A download hashes on one thread and writes on another, in the same order.
     */
    void hash(ByteBuffer data) throws IOException {
        if (overflows(data.remaining())) {
            discard();
            throw new OciException(OciException.Kind.INTEGRITY, "blob " + expected.digest() + " is longer than its "
                    + expected.size() + " bytes; the partial file was deleted");
        }
        hashed += data.remaining();
        digest.update(data.duplicate());
    }

    /** Writes {@code data}, already hashed, at the end of the part. */
    void write(ByteBuffer data) throws IOException {
        int count = data.remaining();
        writer.append(channel, data);
        length += count;
    }

    /** Starts over: the server would not resume. */
    void restart() throws IOException {
        channel.truncate(0);
        channel.position(0);
        digest.reset();
        length = 0;
        hashed = 0;
    }

    /** Checks size and digest and flushes; a mismatch deletes the part. */
    void finish() throws IOException {
        if (length != expected.size() || hashed != length) {
            throw new OciException(OciException.Kind.INTEGRITY, "blob " + expected.digest() + " ended after " + length
                    + " of " + expected.size() + " bytes");
        }
        Digest actual = Digest.fromHash(digest.digest());
        if (!actual.equals(expected.digest())) {
            discard();
            throw new OciException(OciException.Kind.INTEGRITY, "blob " + expected.digest() + " arrived with digest "
                    + actual + "; the partial file was deleted");
        }
        channel.force(true);
    }

    private void discard() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
