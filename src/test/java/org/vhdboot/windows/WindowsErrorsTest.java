package org.vhdboot.windows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowsErrorsTest {

    /** Every code of reference table 3.6, with the words a user needs to see for it. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2          | does not exist",
            "3          | folder in the path does not exist",
            "5          | run as administrator",
            "32         | in use",
            "80         | already exists",
            "183        | already exists",
            "87         | parameters",
            "122        | did not fit the buffer",
            "618        | compressed",
            "665        | local volume",
            "1314       | SeManageVolumePrivilege",
            "1392       | corrupt",
            "6002       | EFS-encrypted",
            "0xC03A000D | parent of this differencing disk cannot be found",
            "0xC03A000E | the parent was modified after the child was made",
            "0xC03A000F | the parent was modified after the child was made",
            "0xC03A0014 | file extension",
            "0xC03A0015 | not a virtual disk",
            "0xC03A0016 | parent image was denied",
            "0xC03A0017 | disagree on the disk size",
            "0xC03A0018 | loops back",
            "0xC03A0019 | further down the differencing chain",
            "0xC03A001E | already attached",
            "0xC03A001F | unmount it first",
            "1300       | run as administrator",
    })
    void everyExpectedCodeHasItsOwnExplanation(String code, String words) {
        int value = (int) Long.decode(code).longValue();
        assertTrue(WindowsErrors.known(value), code + " should be known");
        String message = new WindowsErrorException("open Win-Current.vhdx", value).getMessage();
        assertTrue(message.contains(words), message);
        assertTrue(message.startsWith("cannot open Win-Current.vhdx: "), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void virtdiskCodesShowInHexAndSmallCodesInDecimal() {
        assertTrue(new WindowsErrorException("merge X.vhdx", 0xC03A000E).getMessage().endsWith("(Windows error 0xC03A000E)"));
        assertTrue(new WindowsErrorException("merge X.vhdx", 32).getMessage().endsWith("(Windows error 32)"));
    }

    @Test
    void exceptionKeepsTheCode() {
        assertEquals(0xC03A0015, new WindowsErrorException("open a.vhdx", 0xC03A0015).code());
    }

    @Test
    void unexpectedCodesStillGiveOneClearLine() {
        assertFalse(WindowsErrors.known(1117));
        String message = new WindowsErrorException("attach a.vhdx", 1117).getMessage();
        assertEquals("cannot attach a.vhdx: Windows reported an unexpected error (Windows error 1117)", message);
    }

    @Test
    void distinctProblemsReadDifferently() {
        List<Integer> codes = List.of(2, 3, 5, 32, 87, 122, 618, 665, 1314, 1392, 6002, 0xC03A000D, 0xC03A000E,
                0xC03A0014, 0xC03A0015, 0xC03A0016, 0xC03A0017, 0xC03A0018, 0xC03A0019, 0xC03A001E, 0xC03A001F);
        Set<String> seen = new HashSet<>();
        for (int code : codes) {
            assertTrue(seen.add(WindowsErrors.explain(code)), "duplicate explanation for " + WindowsErrors.codeText(code));
        }
    }
}
