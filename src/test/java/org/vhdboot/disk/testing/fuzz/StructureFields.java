package org.vhdboot.disk.testing.fuzz;

import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the fields of an image's structures are, found in the seed before it is mutated: footers, headers,
 * tables, locators, BAT entries, log entries and descriptors. The mutator aims most changes at them, since a
 * random byte rarely lands on one in a file of megabytes.
 *
 * @param bigEndian VHD fields are big-endian, VHDX fields little-endian
 */
record StructureFields(List<Field> fields, boolean bigEndian) {
    private static final int SECTOR = 4096;
    private static final int MAX_ENTRIES = 4096;

    /**
     * A field of {@code width} bytes (1, 2, 4 or 8) at {@code offset}; {@code twin} is where a copy of the
     * structure keeps the same field (a VHD footer's copy at offset 0), or -1.
     */
    record Field(long offset, int width, long twin) {
        Field(long offset, int width) {
            this(offset, width, -1);
        }
    }

    static StructureFields of(String name, byte[] file) {
        List<Field> fields = new ArrayList<>();
        boolean vhdx = name.toLowerCase(java.util.Locale.ROOT).endsWith(".vhdx");
        try {
            if (vhdx) {
                vhdx(file, fields);
            } else {
                vhd(file, fields);
            }
        } catch (IndexOutOfBoundsException seedNotAsExpected) {
            // A real image laid out differently: the fields found so far will do.
        }
        fields.removeIf(f -> f.offset() < 0 || f.offset() + f.width() > file.length);
        return new StructureFields(List.copyOf(fields), !vhdx);
    }

    private static void add(List<Field> fields, long base, int[][] offsetsAndWidths) {
        for (int[] field : offsetsAndWidths) {
            fields.add(new Field(base + field[0], field[1]));
        }
    }

    private static void vhd(byte[] file, List<Field> fields) {
        ByteBuffer b = ByteBuffer.wrap(file);
        int[][] footer = {{8, 4}, {16, 8}, {24, 4}, {40, 8}, {48, 8}, {56, 4}, {60, 4}, {84, 1}};
        long trailing = file.length - 512L;
        boolean copy = file[0] == 'c' && file[1] == 'o';
        for (int[] field : footer) {
            fields.add(new Field(trailing + field[0], field[1], copy ? field[0] : -1));
            fields.add(new Field(field[0], field[1], copy ? trailing + field[0] : -1));
        }
        long header = b.getLong((int) trailing + 16);
        if (header <= 0 || header > file.length - 1024L) {
            return;
        }
        add(fields, header, new int[][] {{8, 8}, {16, 8}, {24, 4}, {28, 4}, {32, 4}, {56, 4}, {64, 2}});
        for (int i = 0; i < 8; i++) {
            add(fields, header + 576 + 24L * i, new int[][] {{0, 4}, {4, 4}, {8, 4}, {16, 8}});
        }
        long table = b.getLong((int) header + 16);
        int entries = Math.min(b.getInt((int) header + 28), MAX_ENTRIES);
        for (int i = 0; i < entries; i++) {
            long entry = table + 4L * i;
            fields.add(new Field(entry, 4));
            long sector = Integer.toUnsignedLong(b.getInt((int) entry));
            if (sector != 0xFFFFFFFFL && sector * 512 < file.length) {
                fields.add(new Field(sector * 512, 8));
            }
        }
    }

    private static void vhdx(byte[] file, List<Field> fields) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int[][] header = {{8, 8}, {16, 8}, {32, 8}, {48, 8}, {56, 8}, {64, 2}, {66, 2}, {68, 4}, {72, 8}};
        for (long slot : VhdxFileEditor.HEADER_SLOTS) {
            add(fields, slot, header);
        }
        long bat = -1;
        long metadata = -1;
        for (long slot : VhdxFileEditor.REGION_TABLE_SLOTS) {
            add(fields, slot, new int[][] {{8, 4}});
            int count = Math.min(b.getInt((int) slot + 8), 8);
            for (int i = 0; i < count; i++) {
                long entry = slot + 16 + 32L * i;
                add(fields, entry, new int[][] {{0, 8}, {16, 8}, {24, 4}, {28, 4}});
                long offset = b.getLong((int) entry + 16);
                if (b.getInt((int) entry) == 0x2DC27766) {
                    bat = offset;
                } else {
                    metadata = offset;
                }
            }
        }
        if (metadata > 0 && metadata < file.length) {
            metadataFields(b, metadata, fields);
        }
        if (bat > 0 && bat < file.length) {
            for (int i = 0; i < MAX_ENTRIES && bat + 8L * i < file.length; i++) {
                if (b.getLong((int) (bat + 8L * i)) != 0 || i < 64) {
                    fields.add(new Field(bat + 8L * i, 8));
                }
            }
        }
        long logOffset = b.getLong((int) VhdxFileEditor.HEADER_SLOTS[0] + 72);
        long logLength = Integer.toUnsignedLong(b.getInt((int) VhdxFileEditor.HEADER_SLOTS[0] + 68));
        if (logOffset > 0 && logOffset + logLength <= file.length) {
            logFields(b, logOffset, logLength, fields);
        }
    }

    private static void metadataFields(ByteBuffer b, long table, List<Field> fields) {
        add(fields, table, new int[][] {{0, 8}, {10, 2}});
        int count = Math.min(b.getShort((int) table + 10) & 0xFFFF, 16);
        for (int i = 0; i < count; i++) {
            long entry = table + 32 + 32L * i;
            add(fields, entry, new int[][] {{0, 8}, {16, 4}, {20, 4}, {24, 4}});
            long item = table + Integer.toUnsignedLong(b.getInt((int) entry + 16));
            add(fields, item, new int[][] {{0, 8}, {0, 4}, {4, 4}, {16, 4}, {18, 2}, {20, 4}, {24, 4}, {28, 2},
                {30, 2}});
        }
    }

    private static void logFields(ByteBuffer b, long log, long length, List<Field> fields) {
        for (long at = 0; at < length; at += SECTOR) {
            long sector = log + at;
            if (b.getInt((int) sector) != 0x65676F6C) {
                continue;
            }
            add(fields, sector, new int[][] {{8, 4}, {12, 4}, {16, 8}, {24, 4}, {32, 8}, {48, 8}, {56, 8}});
            int descriptors = Math.min(b.getInt((int) sector + 24), 126);
            for (int i = 0; i < descriptors; i++) {
                add(fields, sector + 64 + 32L * i, new int[][] {{0, 4}, {4, 4}, {8, 8}, {16, 8}, {24, 8}});
            }
        }
    }
}
