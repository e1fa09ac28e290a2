package org.vhdboot.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.NoSuchFileException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line a user sees stays one line whatever a file name or message holds (found by CommandLineValueProperties). */
class FailureMessageTest {
    @Test
    void aNewlineInAFileNameIsEscaped() {
        assertEquals("a\\u000ab: no such file", FailureMessage.of(new NoSuchFileException("a\nb")));
    }

    @Test
    void controlCharactersInAMessageAreEscapedAndOnlyItsFirstLineIsShown() {
        assertEquals("bad\\u0000value\\u0009here", FailureMessage.of(new java.io.IOException("bad\u0000value\there\n"
                + "second line")));
    }
}
