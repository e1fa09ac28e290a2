package org.vhdboot.boot;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BcdIdentifiersTest {

    @Test
    void guidsAreWrittenInLowerCaseWithBraces() {
        assertEquals("{6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f}",
                BcdIdentifiers.commandForm(UUID.fromString("6B0F3C1E-2D4A-4E8B-9C7D-1A2B3C4D5E6F")));
        assertEquals("{9dea862c-5cdd-4e70-acc1-f32b344d4795}", BcdIdentifiers.commandForm(BcdIdentifiers.BOOTMGR));
    }

    @Test
    void virtualIdentifiersAreWrittenByName() {
        assertEquals("{current}", BcdIdentifiers.commandForm(BcdIdentifiers.CURRENT));
        assertEquals("{default}", BcdIdentifiers.commandForm(BcdIdentifiers.DEFAULT));
    }

    @Test
    void aliasesMapToTheGuidsStoredInRealHives() {
        assertEquals(Optional.of(UUID.fromString("1afa9c49-16ab-4a5c-901b-212802da9460")),
                BcdIdentifiers.parse("{resumeloadersettings}"), "901b, not the 4a90 typo of some libraries");
        assertEquals(Optional.of(BcdIdentifiers.BOOTMGR), BcdIdentifiers.parse(" {BootMgr} "));
        assertEquals(Optional.of(BcdIdentifiers.NTLDR), BcdIdentifiers.parse("{legacy}"));
        assertEquals(Optional.of(BcdIdentifiers.CURRENT), BcdIdentifiers.parse("{current}"));
        assertEquals(Optional.of(BcdIdentifiers.DEFAULT), BcdIdentifiers.parse("{default}"));
        assertEquals(Optional.of(BcdIdentifiers.MEMDIAG), BcdIdentifiers.parse("{b2721d73-1db4-4c62-bf78-c548a880142d}"));
    }

    @Test
    void otherTextIsNoIdentifier() {
        assertEquals(Optional.empty(), BcdIdentifiers.parse("{nosuchalias}"));
        assertEquals(Optional.empty(), BcdIdentifiers.parse("bootmgr"));
        assertEquals(Optional.empty(), BcdIdentifiers.parse("{9dea862c-5cdd-4e70-acc1-f32b344d479}"));
        assertEquals(Optional.empty(), BcdIdentifiers.parse("partition=C:"));
    }
}
