package org.vhdboot.boot;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootLocaleTest {

    @Test
    void aLanguageWithItsRegionIsWrittenAsBcdbootWritesIt() {
        assertEquals("de-DE", BootLocale.of(Locale.GERMANY));
        assertEquals("zh-CN", BootLocale.of(Locale.forLanguageTag("zh-CN")));
        assertEquals("sr-Latn-RS", BootLocale.of(Locale.forLanguageTag("sr-Latn-RS")));
        assertEquals("pt-BR", BootLocale.of(Locale.forLanguageTag("pt-BR-u-nu-latn")), "extensions are dropped");
    }

    @Test
    void aLanguageWithoutARegionOrNoneAtAllMeansEnUs() {
        assertEquals("en-US", BootLocale.of(Locale.ENGLISH), "C or POSIX on a Linux server");
        assertEquals("en-US", BootLocale.of(Locale.ROOT));
        assertEquals("en-US", BootLocale.of(Locale.forLanguageTag("es-419")), "a numeric region is no BCD locale");
    }

    @Test
    void theRunningSystemsAnswerIsAlwaysUsable() {
        assertTrue(BootLocale.valid(BootLocale.ofRunningSystem()), BootLocale.ofRunningSystem());
    }
}
