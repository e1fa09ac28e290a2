package org.vhdboot.windows;

/**
 * The host volume as native boot sees it.
 *
 * @param freeBytes bytes free for the volume's user
 * @param compressed NTFS compression on the folder or volume (native boot refuses it)
 * @param encrypted EFS encryption (native boot refuses it)
 * @param bitLocker BitLocker protection of the volume (native boot refuses it)
 */
public record VolumeFacts(long freeBytes, boolean compressed, boolean encrypted, boolean bitLocker) {
}
