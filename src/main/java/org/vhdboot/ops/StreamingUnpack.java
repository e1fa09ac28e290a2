package org.vhdboot.ops;

import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.io.Storage;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.layout.FileSteps;
import org.vhdboot.oci.BufferHandoff;
import org.vhdboot.oci.BufferPool;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.TransferListener;
import org.vhdboot.oci.VersionLayer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * Unpacks a compressed layer blob while it downloads, on a thread of its own, so a pull takes about as long as its
 * download. It reads the part file only as far as the download says it has written (it is the download's
 * {@link TransferListener}) and decompresses; a second thread hashes and writes into the version's temporary name.
 * Nothing it makes is trusted until the download's digest and then the unpacked SHA-256 and size are verified. When
 * the download starts over (a server that ignores the range), it stops and the caller unpacks after the download.
 */
final class StreamingUnpack implements TransferListener, AutoCloseable {
    private static final int BUFFER = 1 << 20;
    /** Unpacked buffers waiting to be hashed and written: with {@link #BUFFER}, the unpacking's memory. */
    private static final int IN_FLIGHT = 8;

    /** What the unpacking came to: the file's SHA-256 and size, a failure, or the need to unpack again. */
    record Outcome(Digest sha256, long size, IOException failure, boolean restarted) {
    }

    private final VersionLayer layer;
    private final Path part;
    private final Path staged;
    private final StorageFactory storage;
    private final FileSteps steps;
    private final Thread thread;
    private long available;
    private boolean downloaded;
    private boolean stopped;
    private boolean restarted;
    private Outcome outcome;

    private StreamingUnpack(VersionLayer layer, Path part, Path staged, IoStepHook hook) {
        this.layer = layer;
        this.part = part;
        this.staged = staged;
        this.storage = new StorageFactory(hook);
        this.steps = new FileSteps(hook);
        this.thread = new Thread(this::run, "vhdboot-unpack");
        thread.setDaemon(true);
    }

    /** Starts unpacking {@code part} into {@code staged}, which is replaced; every write is announced to {@code hook}. */
    static StreamingUnpack start(VersionLayer layer, Path part, Path staged, IoStepHook hook) {
        StreamingUnpack unpack = new StreamingUnpack(layer, part, staged, hook);
        unpack.thread.start();
        return unpack;
    }

    /** The download has {@code done} bytes in the part file; fewer than before means it started over. */
    @Override
    public synchronized void progress(long done, long total) {
        if (done < available) {
            restarted = true;
        }
        available = done;
        notifyAll();
    }

    /** The download completed and was verified: what the part holds is the whole blob. Waits for the outcome. */
    Outcome finish() throws IOException {
        synchronized (this) {
            available = Math.max(available, Files.size(part));
            downloaded = true;
            notifyAll();
        }
        join();
        synchronized (this) {
            // A restart may have cut the file under the reader before it was told: whatever it made is void.
            if (restarted) {
                outcome = new Outcome(null, outcome.size(), null, true);
            }
        }
        return outcome;
    }

    /** Stops the unpacking if it still runs (the download failed); the half-unpacked file goes. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        join();
        if (outcome == null || outcome.sha256() == null) {
            steps.delete(staged);
        }
    }

    private void join() throws IOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while unpacking " + layer.name());
        }
    }

    private void run() {
        Unpacked unpacked = new Unpacked();
        long decompressed = 0;
        // Written buffers serve again: fresh ones cost a gigabyte of zeroing and collections per gigabyte unpacked.
        BufferPool buffers = new BufferPool(BUFFER, IN_FLIGHT + 2);
        try (Growing in = new Growing();
             InputStream packed = layer.mediaType().compression().decompressing(in);
             Storage out = storage.create(staged);
             BufferHandoff writes = new BufferHandoff("vhdboot-unpack-writer", IN_FLIGHT, data -> {
                 unpacked.hashAndWrite(out, data);
                 buffers.giveBack(data.array());
             })) {
            while (true) {
                // The one handed over belongs to the writer until it is written, and only then comes back.
                byte[] buffer = buffers.take();
                int read = packed.readNBytes(buffer, 0, BUFFER);
                if (read <= 0) {
                    break;
                }
                if (decompressed + read > layer.uncompressedSize()) {
                    throw new OciException(OciException.Kind.INTEGRITY, "unpacks to more than the "
                            + layer.uncompressedSize() + " bytes it says");
                }
                writes.put(ByteBuffer.wrap(buffer, 0, read));
                decompressed += read;
            }
            writes.finish();
            out.force();
            outcome = new Outcome(Digest.fromHash(unpacked.sha256.digest()), unpacked.written, null, false);
        } catch (Stopped e) {
            outcome = new Outcome(null, unpacked.written, null, e.restart);
        } catch (IOException e) {
            outcome = new Outcome(null, unpacked.written, e, false);
        } catch (RuntimeException e) {
            outcome = new Outcome(null, unpacked.written, new IOException("unpacking failed: " + e.getMessage(), e),
                    false);
        }
    }

    /** What the writer thread has hashed and written of the unpacked image, in order. */
    private static final class Unpacked {
        private final MessageDigest sha256 = Digest.newSha256();
        private volatile long written;

        void hashAndWrite(Storage out, ByteBuffer data) throws IOException {
            int count = data.remaining();
            sha256.update(data.duplicate());
            out.write(written, data);
            written += count;
        }
    }

    /**
     * The part file as far as the download has written it; blocks for more until the download ends. Opened once the
     * download has made it.
     */
    private final class Growing extends InputStream {
        private FileChannel channel;
        private long position;

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long limit;
            synchronized (StreamingUnpack.this) {
                while (position >= available && !downloaded && !stopped && !restarted) {
                    try {
                        StreamingUnpack.this.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new Stopped(false);
                    }
                }
                if (stopped || restarted) {
                    throw new Stopped(restarted);
                }
                limit = available;
            }
            if (position >= limit) {
                return -1;
            }
            if (channel == null) {
                channel = FileChannel.open(part, StandardOpenOption.READ);
            }
            int read = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, limit - position)), position);
            if (read > 0) {
                position += read;
            }
            return read;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** The download failed or started over: this unpacking is of no use. */
    private static final class Stopped extends IOException {
        final boolean restart;

        Stopped(boolean restart) {
            super("unpacking stopped");
            this.restart = restart;
        }
    }
}
