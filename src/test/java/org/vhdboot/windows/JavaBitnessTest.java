package org.vhdboot.windows;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JavaBitnessTest {
    private static final String JAVA = "C:\\Program Files (x86)\\Java\\jre-17";
    private static final Map<String, String> WOW64 = Map.of("PROCESSOR_ARCHITECTURE", "x86",
            "PROCESSOR_ARCHITEW6432", "AMD64");
    private static final Map<String, String> NATIVE_X86 = Map.of("PROCESSOR_ARCHITECTURE", "x86");

    @Test
    void aThirtyTwoBitJavaOnSixtyFourBitWindowsIsRefusedWithTheReason() {
        assertEquals(Optional.of(JAVA + " is a 32-bit Java on 64-bit Windows, which hides System32\\bcdedit.exe and"
                        + " the 64-bit virtdisk.dll from it; run vhdboot with a 64-bit Java 17 or later, or the runtime\\"
                        + " folder installer\\build-runtime.ps1 builds"),
                JavaBitness.problem("Windows 11", "x86", "32", JAVA, WOW64));
    }

    @Test
    void theArchitectureDecidesWhenTheDataModelIsUnknown() {
        assertEquals(true, JavaBitness.problem("Windows 10", "x86", "", JAVA, WOW64).isPresent());
        assertEquals(Optional.empty(), JavaBitness.problem("Windows 10", "amd64", "", JAVA, WOW64));
    }

    @Test
    void aThirtyTwoBitWindowsIsRefusedToo() {
        assertEquals(Optional.of(JAVA + " is a 32-bit Java; vhdboot needs 64-bit Windows and a 64-bit Java 17 or later"),
                JavaBitness.problem("Windows 10", "x86", "32", JAVA, NATIVE_X86));
    }

    @Test
    void sixtyFourBitJavaAndOtherSystemsPass() {
        assertEquals(Optional.empty(), JavaBitness.problem("Windows 11", "amd64", "64", JAVA, Map.of()));
        assertEquals(Optional.empty(), JavaBitness.problem("Windows 11", "aarch64", "64", JAVA, Map.of()));
        assertEquals(Optional.empty(), JavaBitness.problem("Linux", "x86", "32", JAVA, WOW64),
                "a Linux imaging server runs no Windows programs");
        assertEquals(Optional.empty(), JavaBitness.problemHere(), "the build runs on a 64-bit Java");
    }
}
