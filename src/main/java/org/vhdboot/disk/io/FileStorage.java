package org.vhdboot.disk.io;

import org.vhdboot.disk.InvalidImageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Storage backed by a {@link FileChannel}. Every write, flush and truncate is announced to an {@link IoStepHook}. */
public final class FileStorage implements Storage {
    private final Path path;
    private final FileChannel channel;
    private final boolean writable;
    private final IoStepHook hook;

    public FileStorage(Path path, FileChannel channel, boolean writable, IoStepHook hook) {
        this.path = path;
        this.channel = channel;
        this.writable = writable;
        this.hook = hook;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public boolean writable() {
        return writable;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void read(long position, ByteBuffer dst) throws IOException {
        if (position < 0) {
            // Every offset is checked where it is parsed; this is the last line of defence, not the check.
            throw new InvalidImageException(path.getFileName() + ": a structure points at offset " + position
                    + ", outside the file");
        }
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new InvalidImageException(path.getFileName() + " is truncated: needed bytes up to offset "
                        + (at + dst.remaining()) + " but the file ends at " + channel.size());
            }
            at += n;
        }
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        requireWritable();
        hook.beforeStep(IoStepHook.Step.WRITE, path, position, src.remaining());
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    @Override
    public void force() throws IOException {
        if (!writable) {
            return;
        }
        hook.beforeStep(IoStepHook.Step.FLUSH, path, 0, 0);
        channel.force(true);
    }

    @Override
    public void truncate(long size) throws IOException {
        requireWritable();
        hook.beforeStep(IoStepHook.Step.TRUNCATE, path, size, 0);
        channel.truncate(size);
    }

    private void requireWritable() throws IOException {
        if (!writable) {
            // Guards the rule that parents are never written: a read-only open cannot write by construction.
            throw new IOException(path.getFileName() + " is open read-only");
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
