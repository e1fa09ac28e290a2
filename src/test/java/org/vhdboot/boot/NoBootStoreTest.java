package org.vhdboot.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoBootStoreTest {

    private static final UUID LAB = UUID.fromString("6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f");

    @Test
    void acceptsEveryChangeAndDoesNothing(@TempDir Path directory) throws Exception {
        NoBootStore store = new NoBootStore();

        store.apply(new BootChange.CreateEntry(LAB, "Lab - Current", List.of()));
        store.apply(new BootChange.BackUp(directory.resolve("backup")));

        assertEquals(BootStoreKind.NONE, store.kind());
        assertFalse(store.readable());
        assertTrue(store.entry(LAB).isEmpty());
        assertTrue(store.current().isEmpty());
        assertEquals(BootManagerState.unknown(), store.manager());
        assertEquals(List.of(), store.describe(new BootChange.SetDefault(LAB)));
        assertFalse(Files.exists(directory.resolve("backup")));
    }
}
