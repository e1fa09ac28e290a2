package org.vhdboot.installer;

import org.junit.jupiter.api.Test;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.windows.JavaBitness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * vhdboot.cmd cannot run here, so its contract is read from the text: a Java on PATH is asked for its data
 * model on 64-bit Windows, and a 32-bit one is refused with the Java side's words and exit code, before the jar
 * starts. On Windows, docs/windows-validation.md step 12.13 runs it with a 32-bit Java.
 */
class LauncherScriptTest {
    private static final Path LAUNCHER = Path.of(System.getProperty("vhdboot.sourceRoot", ".")).resolve("vhdboot.cmd");

    @Test
    void refusesAThirtyTwoBitJavaOnSixtyFourBitWindowsBeforeStartingTheJar() throws IOException {
        List<String> lines = Files.readAllLines(LAUNCHER, StandardCharsets.US_ASCII);
        int skipOn32BitWindows = lines.indexOf("if /i \"%PROCESSOR_ARCHITECTURE%%PROCESSOR_ARCHITEW6432%\"==\"x86\" goto run");
        int skipBundled = lines.indexOf("if exist \"%HERE%runtime\\bin\\java.exe\" goto run");
        int probe = lines.indexOf("\"%JAVA%\" -XshowSettings:properties -version 2>&1"
                + " | findstr /l /c:\"sun.arch.data.model = 32\" >nul");
        int pass = lines.indexOf("if errorlevel 1 goto run");
        String refusal = "echo vhdboot: error: " + JavaBitness.problem("Windows 11", "x86", "32", "java",
                Map.of("PROCESSOR_ARCHITEW6432", "AMD64")).orElseThrow() + " 1>&2";
        int refuse = lines.indexOf(refusal);
        int exit = lines.indexOf("exit /b " + ExitCode.PRECONDITION.code());
        int run = lines.indexOf(":run");
        int start = lines.indexOf("\"%JAVA%\" %VHDBOOT_JAVA_OPTS% -jar \"%JAR%\" %*");
        assertTrue(skipOn32BitWindows > 0 && skipBundled > skipOn32BitWindows && probe == skipBundled + 1
                && pass == probe + 1 && refuse == pass + 1 && exit == refuse + 1 && run == exit + 1 && start == run + 1,
                "the launcher's check is out of order or changed: " + lines);
        assertEquals(1, lines.stream().filter(line -> line.contains("-jar")).count(), "the jar starts in one place");
    }
}
