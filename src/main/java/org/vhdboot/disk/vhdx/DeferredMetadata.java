package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sector bitmap bytes and BAT entries of a {@link org.vhdboot.disk.Durability#BATCHED} session, held back until
 * the data they make visible is durable. A commit flushes the data, writes the bitmaps and the entries of sector
 * bitmap blocks, flushes, then writes the payload entries and flushes: an entry never points at data, and a partly
 * present block never at a bitmap block, that a crash could have lost. Later bytes for a place replace earlier ones.
 */
final class DeferredMetadata {
    private final Map<Long, byte[]> bitmaps = new LinkedHashMap<>();
    private final Map<Long, byte[]> bitmapEntries = new LinkedHashMap<>();
    private final Map<Long, byte[]> payloadEntries = new LinkedHashMap<>();

    void bitmap(long position, byte[] bytes) {
        bitmaps.put(position, bytes.clone());
    }

    /** A BAT entry: a sector bitmap block's goes with the bitmaps, a payload block's after them. */
    void entry(long position, byte[] bytes, boolean bitmapBlock) {
        (bitmapBlock ? bitmapEntries : payloadEntries).put(position, bytes.clone());
    }

    /** Puts the held-back bitmap bytes into {@code window}, read from the file at {@code position}. */
    void overlay(long position, byte[] window) {
        for (Map.Entry<Long, byte[]> held : bitmaps.entrySet()) {
            long at = held.getKey() - position;
            if (at >= 0 && at + held.getValue().length <= window.length) {
                System.arraycopy(held.getValue(), 0, window, (int) at, held.getValue().length);
            }
        }
    }

    /** @return whether there was anything to write (and so the file was flushed) */
    boolean commit(Storage storage) throws IOException {
        if (bitmaps.isEmpty() && bitmapEntries.isEmpty() && payloadEntries.isEmpty()) {
            return false;
        }
        storage.force();
        for (Map<Long, byte[]> first : List.of(bitmaps, bitmapEntries)) {
            for (Map.Entry<Long, byte[]> write : first.entrySet()) {
                storage.writeBytes(write.getKey(), write.getValue());
            }
        }
        storage.force();
        for (Map.Entry<Long, byte[]> write : payloadEntries.entrySet()) {
            storage.writeBytes(write.getKey(), write.getValue());
        }
        storage.force();
        bitmaps.clear();
        bitmapEntries.clear();
        payloadEntries.clear();
        return true;
    }
}
