package org.vhdboot.windows;

import java.util.List;

/**
 * The host volume as native boot sees it.
 *
 * @param freeBytes bytes free for the volume's user
 * @param compressed NTFS compression on the folder or volume (native boot refuses it)
 * @param encrypted EFS encryption (native boot refuses it)
 * @param bitLocker BitLocker protection of the volume (native boot refuses it)
 * @param notes facts that could not be determined, one line each; the flags above read false for them
 */
public record VolumeFacts(long freeBytes, boolean compressed, boolean encrypted, boolean bitLocker, List<String> notes) {

    public VolumeFacts {
        notes = List.copyOf(notes);
    }

    public VolumeFacts(long freeBytes, boolean compressed, boolean encrypted, boolean bitLocker) {
        this(freeBytes, compressed, encrypted, bitLocker, List.of());
    }
}
