package org.vhdboot.installer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * vhdboot.cmd cannot run here, so its contract is read from the text: a Java on PATH is asked for its data
 * model on 64-bit Windows, and a 32-bit one is refused with the Java side's words and exit code, before the jar
 * starts; and it gives each command the JVM options the bash launcher gives. On Windows, docs/windows-validation.md
 * steps 12.13 and 12.14 run it. The bash launcher's class-data training runs here, with stand-ins for the programs it
 * calls.
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
        int start = lines.indexOf("\"%JAVA%\" %JVM_OPTS% %VHDBOOT_JAVA_OPTS% -jar \"%JAR%\" %*");
        assertTrue(skipOn32BitWindows > 0 && skipBundled > skipOn32BitWindows && probe == skipBundled + 1
                && pass == probe + 1 && refuse == pass + 1 && exit == refuse + 1 && run == exit + 1 && start > run,
                "the launcher's check is out of order or changed: " + lines);
        assertTrue(lines.subList(run + 1, start).stream().allMatch(line -> line.startsWith("rem ")
                || line.startsWith("set \"JVM_OPTS=") || line.startsWith("if /i \"%~1\"==")),
                "only the JVM options are chosen between the check and the start: " + lines.subList(run + 1, start));
        assertEquals(1, lines.stream().filter(line -> line.contains("-jar")).count(), "the jar starts in one place");
    }

    /**
     * Both launchers start the JVM with the same options for each kind of command (measured in docs/benchmarks.md):
     * the Windows machines the product is for get what the benchmarks measured on Linux. Read from both texts, and
     * from the MSI's build script.
     */
    @Test
    void theWindowsLauncherGivesEachCommandTheJvmOptionsTheBashLauncherGives() throws IOException {
        String bash = Files.readString(LAUNCHER.resolveSibling("vhdboot"), StandardCharsets.UTF_8);
        java.util.regex.Matcher shortCommands = java.util.regex.Pattern.compile("(?m)^jvm=\\((.*)\\)$").matcher(bash);
        java.util.regex.Matcher imageAndAgent = java.util.regex.Pattern
                .compile("(?m)^    image\\|agent\\) jvm=\\((.*)\\) ;;$").matcher(bash);
        assertTrue(shortCommands.find() && imageAndAgent.find(), "the bash launcher's JVM options moved");
        List<String> cmd = Files.readAllLines(LAUNCHER, StandardCharsets.US_ASCII);
        assertTrue(cmd.contains("set \"JVM_OPTS=" + shortCommands.group(1) + "\""), cmd.toString());
        for (String command : List.of("image", "agent")) {
            assertTrue(cmd.contains("if /i \"%~1\"==\"" + command + "\" set \"JVM_OPTS=" + imageAndAgent.group(1) + "\""),
                    command + ": " + cmd);
        }
        // The MSI's vhdboot.exe has one set for every command: the one a pull needs.
        String msi = Files.readString(LAUNCHER.resolveSibling("installer").resolve("build-msi.ps1"), StandardCharsets.UTF_8);
        for (String option : imageAndAgent.group(1).split(" ")) {
            assertTrue(msi.contains("'--java-options', '" + option + "'"), option);
        }
    }

    /**
     * The bash launcher's class-data training writes only into a folder of its own: when mktemp fails (a TMPDIR that
     * does not exist), it is skipped, not run with the folder's name empty, which put layout, lab, oci and class lists
     * into / and left them there. Run with stand-ins for mktemp, mkdir and java on PATH that only record their calls.
     */
    @Test
    void theBashLaunchersTrainingWritesNothingWhenItHasNoFolderOfItsOwn(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is needed");
        Path bin = Files.createDirectory(temp.resolve("bin"));
        Path calls = temp.resolve("calls.log");
        fake(bin.resolve("mktemp"), "exit 1");
        fake(bin.resolve("mkdir"), "echo \"mkdir $*\" >> '" + calls + "'; exit 1");
        fake(bin.resolve("java"), "echo \"java $*\" >> '" + calls + "'; exit 1");
        Path portable = Files.createDirectory(temp.resolve("portable"));
        Files.copy(LAUNCHER.resolveSibling("vhdboot"), portable.resolve("vhdboot"));
        Files.write(portable.resolve("vhdboot.jar"), new byte[0]);
        ProcessBuilder launcher = new ProcessBuilder("/bin/bash", portable.resolve("vhdboot").toString(), "--help")
                .directory(temp.toFile()).redirectErrorStream(true);
        launcher.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        launcher.environment().remove("VHDBOOT_APPCDS");
        Process process = launcher.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        assertTrue(output.contains("no class-data sharing archive"), output);
        List<String> made = Files.readAllLines(calls);
        assertEquals(List.of("java -jar " + portable.resolve("vhdboot.jar") + " --help"),
                made.stream().map(call -> call.replaceAll(" -X\\S*", "")).toList(),
                "only the command itself ran: " + made);
    }

    private static void fake(Path command, String body) throws IOException {
        Files.writeString(command, "#!/bin/sh\n" + body + "\n");
        command.toFile().setExecutable(true);
    }
}
