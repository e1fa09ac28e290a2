package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.Durability;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The two VHDX header slots and the update protocol of [MS-VHDX] 2.2.2.1: a new header always goes to the
 * non-current slot and is flushed before it counts, so a torn write leaves the previous header current.
 * The first write of a session gets a new FileWriteGuid; the first change a guest could see gets a new
 * DataWriteGuid, which is what makes a modified parent detectable by its children.
 */
final class HeaderSlots {
    private static final long[] OFFSETS = {VhdxHeader.SLOT_1, VhdxHeader.SLOT_2};

    private final Durability durability;
    private final List<String> findings;
    private VhdxHeader current;
    private int slot;
    private boolean fileWriteGuidRenewed;
    private boolean dataWriteGuidRenewed;

    private HeaderSlots(VhdxHeader current, int slot, List<String> findings, Durability durability) {
        this.current = current;
        this.slot = slot;
        this.findings = findings;
        this.durability = durability;
    }

    static HeaderSlots read(Storage file, String name, Durability durability) throws IOException {
        VhdxHeader[] parsed = new VhdxHeader[2];
        byte[][] bytes = new byte[2][];
        String[] errors = new String[2];
        for (int i = 0; i < 2; i++) {
            bytes[i] = file.readBytes(OFFSETS[i], VhdxHeader.SIZE);
            try {
                parsed[i] = VhdxHeader.parse(bytes[i], name + " header " + (i + 1));
            } catch (InvalidImageException e) {
                errors[i] = e.getMessage();
            }
        }
        if (parsed[0] == null && parsed[1] == null) {
            throw new InvalidImageException(name + ": both headers are damaged (" + errors[0] + "; " + errors[1] + ")");
        }
        List<String> findings = new ArrayList<>();
        int slot;
        if (parsed[1] == null) {
            slot = 0;
            findings.add(errors[1] + "; header 1 is in use (`vhd check --repair` rewrites both)");
        } else if (parsed[0] == null) {
            slot = 1;
            findings.add(errors[0] + "; header 2 is in use (`vhd check --repair` rewrites both)");
        } else {
            int order = Long.compareUnsigned(parsed[1].sequenceNumber(), parsed[0].sequenceNumber());
            if (order == 0 && !Arrays.equals(bytes[0], bytes[1])) {
                // Which one is current cannot be told; Disk2vhd writes two identical headers, which is fine.
                throw new InvalidImageException(name + ": both headers have sequence number "
                        + Long.toUnsignedString(parsed[0].sequenceNumber()) + " but different contents, so neither"
                        + " can be trusted; the file is corrupt");
            }
            slot = order > 0 ? 1 : 0;
        }
        return new HeaderSlots(parsed[slot], slot, findings, durability);
    }

    VhdxHeader current() {
        return current;
    }

    List<String> findings() {
        return findings;
    }

    void renewFileWriteGuid(Storage file) throws IOException {
        if (!fileWriteGuidRenewed) {
            update(file, current.withWriteGuids(UUID.randomUUID(), current.dataWriteGuid()));
            fileWriteGuidRenewed = true;
        }
    }

    /** Rewrites both slots with the current header; as the session's first write it also renews the FileWriteGuid. */
    void rewrite(Storage file) throws IOException {
        if (fileWriteGuidRenewed) {
            update(file, current);
        } else {
            renewFileWriteGuid(file);
        }
    }

    void beginDataWrite(Storage file) throws IOException {
        if (!dataWriteGuidRenewed) {
            UUID fileWrite = fileWriteGuidRenewed ? current.fileWriteGuid() : UUID.randomUUID();
            update(file, current.withWriteGuids(fileWrite, UUID.randomUUID()));
            fileWriteGuidRenewed = true;
            dataWriteGuidRenewed = true;
        }
    }

    /**
     * The session's writes keep the DataWriteGuid: they change nothing a reader sees (a merge down from the
     * parent). The FileWriteGuid is renewed all the same, as before any write.
     */
    void keepDataWriteGuid(Storage file) throws IOException {
        renewFileWriteGuid(file);
        dataWriteGuidRenewed = true;
    }

    /** Writes {@code next} into both slots, non-current first, each with a higher sequence number. */
    void update(Storage file, VhdxHeader next) throws IOException {
        for (int i = 0; i < 2; i++) {
            int target = 1 - slot;
            VhdxHeader header = next.withSequence(current.sequenceNumber() + 1);
            file.writeBytes(OFFSETS[target], header.toBytes());
            if (durability != Durability.DEFERRED) {
                file.force();
            }
            current = header;
            slot = target;
        }
        findings.removeIf(f -> f.contains("header"));
    }
}
