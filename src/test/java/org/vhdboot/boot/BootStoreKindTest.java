package org.vhdboot.boot;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootStoreKindTest {

    @Test
    void eachKindIsParsedFromItsOwnName() {
        for (BootStoreKind kind : BootStoreKind.values()) {
            assertEquals(kind, BootStoreKind.parse(kind.key()));
        }
        assertEquals(List.of("bcdedit", "script", "none"), Arrays.stream(BootStoreKind.values()).map(BootStoreKind::key).toList());
        assertEquals("bcdedit, script or none", BootStoreKind.CHOICES);
    }

    @Test
    void anyOtherValueIsAOneLineError() {
        for (String bad : new String[] {"grub", "BCDEDIT", " script", "", null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BootStoreKind.parse(bad));
            assertEquals("unknown boot store '" + bad + "'; use bcdedit, script or none", e.getMessage());
        }
    }

    @Test
    void whatEachKindMeansForTheUseCases() {
        assertTrue(BootStoreKind.BCDEDIT.makesEntries() && BootStoreKind.SCRIPT.makesEntries());
        assertFalse(BootStoreKind.NONE.makesEntries());
        assertTrue(BootStoreKind.BCDEDIT.backsUpFirst());
        assertFalse(BootStoreKind.SCRIPT.backsUpFirst(), "the admin who runs the script backs up the store");
        assertTrue(BootStoreKind.BCDEDIT.needsWindows());
        assertFalse(BootStoreKind.SCRIPT.needsWindows() || BootStoreKind.NONE.needsWindows());
        assertTrue(BootStoreKind.SCRIPT.writesScript());
        assertFalse(BootStoreKind.BCDEDIT.writesScript() || BootStoreKind.NONE.writesScript());
    }

    @Test
    void commandOutputNamesAChangeByWhatHappenedToIt() {
        assertEquals("ran", BootStoreKind.BCDEDIT.changeLabel(false));
        assertEquals("scripted", BootStoreKind.SCRIPT.changeLabel(false));
        for (BootStoreKind kind : BootStoreKind.values()) {
            assertEquals("would run", kind.changeLabel(true));
        }
    }
}
