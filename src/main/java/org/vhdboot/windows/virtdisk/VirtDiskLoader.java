package org.vhdboot.windows.virtdisk;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.win32.W32APITypeMapper;

import java.util.Map;

/**
 * Loads VirtDisk.dll when asked, never when a class loads, so this package's classes load on Linux.
 * Tests substitute a loader that throws {@link UnsatisfiedLinkError} or returns a fake.
 */
@FunctionalInterface
public interface VirtDiskLoader {

    /** @throws UnsatisfiedLinkError (or another {@link LinkageError}) when the library cannot be loaded */
    VirtDisk load();

    /** The real VirtDisk.dll: strings passed as UTF-16, function names used as declared. */
    VirtDiskLoader NATIVE = () -> Native.load("VirtDisk", VirtDisk.class,
            Map.of(Library.OPTION_TYPE_MAPPER, W32APITypeMapper.UNICODE));
}
