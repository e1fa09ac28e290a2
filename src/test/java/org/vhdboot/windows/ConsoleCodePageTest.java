package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleCodePageTest {
    @Test
    void mapsTheCodePagesBcdeditWritesIn() {
        assertEquals("IBM437", ConsoleCodePage.forCodePage(437).name());
        assertEquals("IBM850", ConsoleCodePage.forCodePage(850).name());
        assertEquals("GBK", ConsoleCodePage.forCodePage(936).name());
        assertEquals("windows-31j", ConsoleCodePage.forCodePage(932).name());
        assertEquals("windows-1252", ConsoleCodePage.forCodePage(1252).name());
        assertEquals("IBM866", ConsoleCodePage.forCodePage(866).name());
        assertEquals(StandardCharsets.UTF_8, ConsoleCodePage.forCodePage(65001));
        assertEquals("x-windows-949", ConsoleCodePage.forCodePage(949).name());
    }
}
