package org.vhdboot.disk.vhdx;

import org.junit.jupiter.api.Test;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.testing.GuidBytes;
import org.vhdboot.disk.testing.ParentLocatorBytes;
import org.vhdboot.disk.testing.VhdxFileEditor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParentLocatorItemTest {

    private static byte[] itemBytes(String... keysAndValues) {
        return ParentLocatorBytes.of(keysAndValues);
    }

    @Test
    void parsesKeysAndValues() throws Exception {
        ParentLocatorItem item = ParentLocatorItem.parse(itemBytes("parent_linkage",
                "{83ba3b7e-1b5f-4fb4-bd03-8bcb8b8b1c2f}", "relative_path", ".\\Pärent.vhdx"), "t");
        assertEquals("{83ba3b7e-1b5f-4fb4-bd03-8bcb8b8b1c2f}", item.get(ParentLocatorItem.PARENT_LINKAGE));
        assertEquals(".\\Pärent.vhdx", item.get(ParentLocatorItem.RELATIVE_PATH));
        assertEquals(null, item.get(ParentLocatorItem.VOLUME_PATH));
    }

    @Test
    void writesTheSpecificationLayout() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("parent_linkage", "{83ba3b7e-1b5f-4fb4-bd03-8bcb8b8b1c2f}");
        entries.put("relative_path", ".\\p.vhdx");
        entries.put("absolute_win32_path", "\\\\?\\C:\\vm\\p.vhdx");
        assertArrayEquals(itemBytes("parent_linkage", "{83ba3b7e-1b5f-4fb4-bd03-8bcb8b8b1c2f}", "relative_path",
                ".\\p.vhdx", "absolute_win32_path", "\\\\?\\C:\\vm\\p.vhdx"), new ParentLocatorItem(entries).toBytes());
    }

    @Test
    void readsEntriesWhateverOrderTheirDataIsIn() throws Exception {
        // Values first, keys after: offsets are relative to the item and need not follow the entry order.
        byte[] bytes = new byte[20 + 12 + 4 + 2];
        ByteBuffer b = VhdxFileEditor.le(bytes);
        b.put(0, GuidBytes.encode(ParentLocatorBytes.VHDX_PARENT_TYPE));
        b.putShort(18, (short) 1);
        b.putInt(20, 36).putInt(24, 32).putShort(28, (short) 2).putShort(30, (short) 4);
        b.put(32, "ab".getBytes(StandardCharsets.UTF_16LE));
        b.put(36, "k".getBytes(StandardCharsets.UTF_16LE));
        assertEquals(Map.of("k", "ab"), ParentLocatorItem.parse(bytes, "t").entries());
    }

    @Test
    void refusesAnUnknownLocatorType() {
        byte[] bytes = itemBytes("parent_linkage", "{x}");
        bytes[0] ^= 1;
        assertThrows(InvalidImageException.class, () -> ParentLocatorItem.parse(bytes, "t"));
    }

    @Test
    void refusesEntriesPointingOutsideTheItem() {
        byte[] bytes = itemBytes("parent_linkage", "{x}");
        VhdxFileEditor.le(bytes).putInt(24, 5000);
        assertThrows(InvalidImageException.class, () -> ParentLocatorItem.parse(bytes, "t"));
    }

    @Test
    void refusesMoreEntriesThanTheItemHolds() {
        byte[] bytes = itemBytes("parent_linkage", "{x}");
        VhdxFileEditor.le(bytes).putShort(18, (short) 40);
        assertThrows(InvalidImageException.class, () -> ParentLocatorItem.parse(bytes, "t"));
    }

    @Test
    void refusesATruncatedItem() {
        assertThrows(InvalidImageException.class, () -> ParentLocatorItem.parse(new byte[10], "t"));
    }
}
