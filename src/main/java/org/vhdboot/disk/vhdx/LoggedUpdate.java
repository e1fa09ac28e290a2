package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Changes metadata sectors of a VHDX atomically, through its log ([MS-VHDX] 2.3): the entry is written and
 * flushed, then the headers name its LogGuid (the two-header procedure, so a torn header write leaves the previous
 * header current), then the sectors are written in place and flushed, then the LogGuid is cleared. A crash before
 * the headers name the entry leaves the old sectors; a crash after leaves a log that every reader replays first
 * (this engine on its next writable open, in memory on a read-only one; Windows and qemu likewise), which
 * finishes the change. Either way the file holds the old sectors or the new ones, never a mix.
 */
final class LoggedUpdate {
    /** Header updates flush each slot, which this protocol relies on. */
    private final Storage file;
    private final HeaderSlots headers;

    LoggedUpdate(Storage file, HeaderSlots headers) {
        this.file = file;
        this.headers = headers;
    }

    void apply(List<LogEntryWriter.SectorWrite> writes) throws IOException {
        if (writes.isEmpty()) {
            return;
        }
        VhdxHeader header = headers.current();
        if (!header.logEmpty()) {
            throw new IllegalStateException("the log must be replayed before it is written");
        }
        long needed = LogEntryWriter.length(writes.size());
        if (needed > header.logLength()) {
            throw new InvalidImageException(file.path().getFileName() + ": the change needs " + needed
                    + " bytes of log but the log holds " + header.logLength());
        }
        // The session's first write renews the FileWriteGuid; the data a reader sees does not change.
        headers.renewFileWriteGuid(file);
        UUID logGuid = UUID.randomUUID();
        file.writeBytes(header.logOffset(), LogEntryWriter.encode(logGuid, 1, 0, file.size(), writes));
        file.force();
        headers.update(file, headers.current().withLogGuid(logGuid));
        for (LogEntryWriter.SectorWrite write : writes) {
            file.writeBytes(write.fileOffset(), write.data());
        }
        file.force();
        headers.update(file, headers.current().withLogGuid(MsGuid.ZERO));
    }
}
