package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.OverlayStorage;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * A non-empty VHDX log, found and checked before anything is allocated or written: the active sequence is
 * located in linear time, and every descriptor must target the file as it will be after the replay, outside
 * the header slots and the log itself. Then it is replayed in memory (an overlay whose zero runs cost
 * nothing) or in the file.
 */
final class LogReplay {
    /** Logs larger than this are refused; Windows and qemu make 1 MiB logs. */
    static final long MAX_LOG_LENGTH = 256L << 20;
    /** Descriptors of the active sequence beyond this are refused, which bounds the memory a replay needs. */
    static final long MAX_DESCRIPTORS = 1 << 18;
    /** No VHDX file is this large (64 TiB of data plus its structures), so no log may claim one. */
    static final long MAX_FILE_SIZE = 1L << 50;
    /** The two header slots: they change only through the header update protocol, never through the log. */
    private static final long HEADER_SLOTS_START = VhdxHeader.SLOT_1;
    private static final long HEADER_SLOTS_END = VhdxHeader.SLOT_2 + 64 * 1024;

    private final CircularLog log;
    private final LogSequence active;
    private final List<LogEntry.Write> writes;
    private final long sizeAfter;

    private LogReplay(CircularLog log, LogSequence active, List<LogEntry.Write> writes, long sizeAfter) {
        this.log = log;
        this.active = active;
        this.writes = writes;
        this.sizeAfter = sizeAfter;
    }

    /**
     * The file as it reads once its log is dealt with, and what was done: {@code empty}, or how the log was
     * replayed, with a finding when the file still holds it.
     */
    record Outcome(Storage view, boolean replayed, String state, Optional<String> finding) {
    }

    /**
     * Deals with the log of {@code file} as {@code mode} says: nothing when it is empty; otherwise the whole log is
     * validated first, then refused, or replayed in memory, or replayed in the file, which is a write: the header
     * first gets a new FileWriteGuid, then the entries go in place, then the header says the log is empty.
     */
    static Outcome apply(Storage file, HeaderSlots headers, VhdxOpenMode mode, String name) throws IOException {
        if (headers.current().logEmpty()) {
            return new Outcome(file, false, "empty", Optional.empty());
        }
        LogReplay replay = read(file, headers.current(), name);
        int entries = replay.active.entries().size();
        switch (mode) {
            case REFUSE_DIRTY:
                throw new InvalidImageException(name + " has a non-empty log left by an interrupted write; run"
                        + " `vhdboot vhd check --repair " + file.path() + "` to replay it");
            case REPLAY_IN_MEMORY:
                return new Outcome(replay.inMemory(file), true, "replayed in memory (" + entries + " entries); the"
                        + " file still holds the log", Optional.of(name + ": the log is not empty (an earlier write"
                        + " was interrupted); run `vhdboot vhd check --repair` to replay it into the file"));
            default:
                headers.renewFileWriteGuid(file);
                replay.intoFile(file);
                headers.update(file, headers.current().withLogGuid(MsGuid.ZERO));
                return new Outcome(file, true, "replayed into the file (" + entries + " entries)", Optional.empty());
        }
    }

    /** Finds and validates the log that {@code header} names in {@code file}; reads, never writes. */
    static LogReplay read(Storage file, VhdxHeader header, String name) throws IOException {
        long fileSize = file.size();
        if (header.logLength() == 0) {
            throw new InvalidImageException(name + ": the header names a log but the log length is zero");
        }
        if (header.logLength() > MAX_LOG_LENGTH || header.logOffset() > fileSize - header.logLength()) {
            throw new InvalidImageException(name + ": the log at offset " + header.logOffset() + " ("
                    + header.logLength() + " bytes) lies outside the file or is larger than "
                    + (MAX_LOG_LENGTH >> 20) + " MiB");
        }
        CircularLog log = CircularLog.in(file, header.logOffset(), (int) header.logLength());
        LogSequence active = LogSequence.findActive(log, header.logGuid()).orElseThrow(() ->
                new InvalidImageException(name + ": the log is marked non-empty but holds no valid sequence of"
                        + " entries; the file is corrupt"));
        if (active.descriptorCount() > MAX_DESCRIPTORS) {
            throw new InvalidImageException(name + ": the log holds " + active.descriptorCount() + " descriptors to"
                    + " replay, more than the " + MAX_DESCRIPTORS + " vhdboot accepts");
        }
        long sizeAfter = fileSize;
        for (LogEntry entry : active.entries()) {
            if (Long.compareUnsigned(entry.flushedFileOffset(), fileSize) > 0) {
                throw new InvalidImageException(name + " is truncated: its log says the file was at least "
                        + Long.toUnsignedString(entry.flushedFileOffset()) + " bytes but it is " + fileSize);
            }
            if (Long.compareUnsigned(entry.lastFileOffset(), MAX_FILE_SIZE) > 0) {
                throw new InvalidImageException(name + ": its log says the file was "
                        + Long.toUnsignedString(entry.lastFileOffset()) + " bytes long; the log is corrupt");
            }
            sizeAfter = Math.max(sizeAfter, entry.lastFileOffset());
        }
        List<LogEntry.Write> writes = active.writes(log);
        long written = fileSize;
        for (LogEntry.Write write : writes) {
            checkTarget(write, sizeAfter, header, name);
            written = Math.max(written, write.fileOffset() + write.length());
        }
        long reach = (written + MIB - 1) / MIB * MIB;
        if (sizeAfter > reach) {
            throw new InvalidImageException(name + ": its log says the file was " + sizeAfter + " bytes long but"
                    + " writes nothing past " + written + "; the log is corrupt");
        }
        return new LogReplay(log, active, writes, sizeAfter);
    }

    /** A write must land in the file as it will be after the replay, away from the headers and the log. */
    private static void checkTarget(LogEntry.Write write, long sizeAfter, VhdxHeader header, String name)
            throws InvalidImageException {
        long at = write.fileOffset();
        long length = write.length();
        String what = (write.zero() ? "zero" : "data") + " descriptor for offset " + at + " (" + length + " bytes)";
        if (at < 0 || length < 0 || at > sizeAfter - length) {
            throw new InvalidImageException(name + ": a log " + what + " lies outside the file, which is "
                    + sizeAfter + " bytes after the replay; the log is corrupt");
        }
        long end = at + length;
        if (at < HEADER_SLOTS_END && HEADER_SLOTS_START < end) {
            throw new InvalidImageException(name + ": a log " + what + " overwrites the headers; the log is corrupt");
        }
        if (at < header.logOffset() + header.logLength() && header.logOffset() < end) {
            throw new InvalidImageException(name + ": a log " + what + " overwrites the log itself; the log is"
                    + " corrupt");
        }
    }

    /** The file as it reads after the replay, without writing it. */
    OverlayStorage inMemory(Storage file) throws IOException {
        OverlayStorage overlay = new OverlayStorage(file);
        for (LogEntry.Write write : writes) {
            if (write.zero()) {
                overlay.zero(write.fileOffset(), write.length());
                continue;
            }
            // The data sector keeps the middle of the update in the file; its ends are in the descriptor.
            long at = write.fileOffset();
            overlay.patch(at, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(0, write.leadingBytes()).array());
            overlay.copyFromBase(at + 8, log.filePosition(write.dataSector()) + 8, LogEntry.SECTOR - 12);
            overlay.patch(at + LogEntry.SECTOR - 4, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(0, write.trailingBytes()).array());
        }
        overlay.extendTo(sizeAfter);
        return overlay;
    }

    /**
     * Writes every update in place and extends the file to its size after the replay, then flushes.
     */
    void intoFile(Storage file) throws IOException {
        byte[] zeros = new byte[(int) MIB];
        for (LogEntry.Write write : writes) {
            if (!write.zero()) {
                file.writeBytes(write.fileOffset(), write.data(log));
                continue;
            }
            // Past the current end the file reads as zeros once it is extended; only bytes it holds need writing.
            long end = Math.min(write.fileOffset() + write.length(), file.size());
            for (long at = write.fileOffset(); at < end; at += MIB) {
                file.write(at, ByteBuffer.wrap(zeros, 0, (int) Math.min(MIB, end - at)));
            }
        }
        file.force();
        if (file.size() < sizeAfter) {
            file.writeBytes(sizeAfter - 1, new byte[1]);
        }
        file.force();
    }
}
