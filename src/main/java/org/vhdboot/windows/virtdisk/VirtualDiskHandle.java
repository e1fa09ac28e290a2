package org.vhdboot.windows.virtdisk;

import com.sun.jna.platform.win32.WinNT;

import java.nio.file.Path;

/** An open virtual disk: the image it names, so errors can say which, and the handle, closed exactly once. */
public final class VirtualDiskHandle implements AutoCloseable {
    private final Path image;
    private final WinNT.HANDLE handle;
    private final HandleCloser closer;
    private boolean closed;

    VirtualDiskHandle(Path image, WinNT.HANDLE handle, HandleCloser closer) {
        this.image = image;
        this.handle = handle;
        this.closer = closer;
    }

    public Path image() {
        return image;
    }

    WinNT.HANDLE raw() {
        if (closed) {
            throw new IllegalStateException("the handle of " + image.getFileName() + " is already closed");
        }
        return handle;
    }

    /** The file name for messages. */
    String name() {
        return String.valueOf(image.getFileName());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closer.close(handle);
        }
    }
}
