package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.FileRegions;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.io.Storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.vhdboot.disk.ByteUnits.MIB;

/** One of the two identical 64 KiB region tables, listing where the BAT and metadata regions live. */
public record RegionTable(List<Entry> entries) {
    public static final int SIZE = 64 * 1024;
    public static final long SLOT_1 = 192 * 1024;
    public static final long SLOT_2 = 256 * 1024;
    public static final UUID BAT = UUID.fromString("2DC27766-F623-4200-9D64-115E9BFD4A08");
    public static final UUID METADATA = UUID.fromString("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static final byte[] SIGNATURE = "regi".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ENTRIES = 2047;
    private static final int CHECKSUM_OFFSET = 4;

    /** A region: 1 MiB aligned; {@code required} means a reader that does not know it must refuse the file. */
    public record Entry(UUID guid, long fileOffset, long length, boolean required) {
        public String name() {
            if (guid.equals(BAT)) {
                return "BAT";
            }
            return guid.equals(METADATA) ? "metadata" : guid.toString();
        }
    }

    public RegionTable {
        entries = List.copyOf(entries);
    }

    public static RegionTable parse(byte[] bytes, String where) throws InvalidImageException {
        for (int i = 0; i < 4; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                throw new InvalidImageException(where + ": signature \"regi\" missing");
            }
        }
        int stored = VhdxChecksum.stored(bytes, CHECKSUM_OFFSET);
        int computed = VhdxChecksum.compute(bytes, CHECKSUM_OFFSET);
        if (stored != computed) {
            throw new InvalidImageException(String.format("%s: CRC-32C mismatch (stored 0x%08X, computed 0x%08X)",
                    where, stored, computed));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long count = Integer.toUnsignedLong(b.getInt(8));
        if (count > MAX_ENTRIES) {
            throw new InvalidImageException(where + ": " + count + " entries, more than the limit of " + MAX_ENTRIES);
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = 16 + i * 32;
            entries.add(new Entry(MsGuid.read(b, at), b.getLong(at + 16), Integer.toUnsignedLong(b.getInt(at + 24)),
                    (b.getInt(at + 28) & 1) != 0));
        }
        return new RegionTable(entries);
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[SIZE];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, SIGNATURE);
        b.putInt(8, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            int at = 16 + i * 32;
            MsGuid.write(b, at, entry.guid());
            b.putLong(at + 16, entry.fileOffset());
            b.putInt(at + 24, (int) entry.length());
            b.putInt(at + 28, entry.required() ? 1 : 0);
        }
        VhdxChecksum.store(bytes, CHECKSUM_OFFSET);
        return bytes;
    }

    public Optional<Entry> find(UUID guid) {
        return entries.stream().filter(e -> e.guid().equals(guid)).findFirst();
    }

    /** The first copy that parses, else the second; a damaged first copy is a finding. */
    static RegionTable read(Storage view, String name, List<String> findings) throws IOException {
        try {
            return parse(view.readBytes(SLOT_1, SIZE), name + " region table 1");
        } catch (InvalidImageException first) {
            RegionTable table;
            try {
                table = parse(view.readBytes(SLOT_2, SIZE), name + " region table 2");
            } catch (InvalidImageException second) {
                throw new InvalidImageException(name + ": both region tables are damaged (" + first.getMessage()
                        + "; " + second.getMessage() + ")");
            }
            findings.add(first.getMessage() + "; the second copy is in use");
            return table;
        }
    }

    /**
     * Checks the table against the file: the log and every region vhdboot knows lie 1 MiB aligned inside the
     * {@code fileSize}-byte file without overlapping each other or the headers, the BAT and metadata are listed
     * once each, and no region this engine does not know is required. Returns where the structures lie.
     */
    FileRegions layout(VhdxHeader header, long fileSize, String name) throws InvalidImageException {
        if (header.logOffset() > fileSize - header.logLength()) {
            throw new InvalidImageException(name + ": the log at offset " + header.logOffset() + " ("
                    + header.logLength() + " bytes) lies beyond the end of the file (" + fileSize + " bytes)");
        }
        FileRegions taken = new FileRegions();
        taken.add("the headers", 0, MIB);
        taken.add("the log", header.logOffset(), header.logLength());
        for (Entry entry : entries) {
            boolean known = entry.guid().equals(BAT) || entry.guid().equals(METADATA);
            if (!known && entry.required()) {
                throw new InvalidImageException(name + ": unknown required region " + entry.guid()
                        + "; this file needs a newer VHDX implementation");
            }
            if (known) {
                checkPlace(entry, fileSize, taken, name);
                taken.add("the " + entry.name() + " region", entry.fileOffset(), entry.length());
            }
        }
        for (Entry entry : entries) {
            if (!entry.guid().equals(BAT) && !entry.guid().equals(METADATA)) {
                // Not understood, but not to be overwritten either.
                taken.add("region " + entry.guid(), entry.fileOffset(), entry.length());
            }
        }
        long bats = entries.stream().filter(e -> e.guid().equals(BAT)).count();
        long metadatas = entries.stream().filter(e -> e.guid().equals(METADATA)).count();
        if (bats != 1 || metadatas != 1) {
            throw new InvalidImageException(name + ": the region table must list the BAT and metadata regions once"
                    + " each (found " + bats + " BAT and " + metadatas + " metadata)");
        }
        return taken;
    }

    private static void checkPlace(Entry entry, long fileSize, FileRegions taken, String name)
            throws InvalidImageException {
        if (entry.fileOffset() < MIB || entry.fileOffset() % MIB != 0 || entry.length() == 0
                || entry.length() % MIB != 0) {
            throw new InvalidImageException(name + ": the " + entry.name() + " region (offset " + entry.fileOffset()
                    + ", " + entry.length() + " bytes) is not 1 MiB aligned");
        }
        if (entry.fileOffset() > fileSize - entry.length()) {
            throw new InvalidImageException(name + ": the " + entry.name() + " region at offset "
                    + entry.fileOffset() + " (" + entry.length() + " bytes) lies beyond the end of the file ("
                    + fileSize + " bytes)");
        }
        Optional<FileRegions.Region> other = taken.overlapping(entry.fileOffset(), entry.length());
        if (other.isPresent()) {
            throw new InvalidImageException(name + ": the " + entry.name() + " region at offset "
                    + entry.fileOffset() + " overlaps another region, the log or the headers at "
                    + other.get().start());
        }
    }
}
