package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/** Puts hand-built entries into a VHDX file's circular log and marks the log as in use. */
public final class VhdxLogWriter {
    private final Path file;
    private final VhdxFileEditor editor;

    public VhdxLogWriter(Path file) {
        this.file = file;
        this.editor = new VhdxFileEditor(file);
    }

    public long logOffset() throws IOException {
        return VhdxFileEditor.le(editor.header(editor.currentSlot())).getLong(72);
    }

    public int logLength() throws IOException {
        return VhdxFileEditor.le(editor.header(editor.currentSlot())).getInt(68);
    }

    /** Writes {@code entry} at {@code logOffset} inside the log, wrapping at the log's end as a circular buffer does. */
    public void put(int logOffset, byte[] entry) throws IOException {
        int length = logLength();
        int first = Math.min(entry.length, length - logOffset);
        FileBytes.write(file, logOffset() + logOffset, java.util.Arrays.copyOf(entry, first));
        if (first < entry.length) {
            FileBytes.write(file, logOffset(), java.util.Arrays.copyOfRange(entry, first, entry.length));
        }
    }

    /** Sets the header's LogGuid: from now on a reader must replay the log before anything else. */
    public void activate(UUID logGuid) throws IOException {
        editor.setLogGuid(logGuid);
    }
}
