package org.vhdboot.installer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The jlink recipe of installer/README.md: the module list in installer/jdeps-modules.txt covers what jdeps
 * finds in the shaded jar, and a runtime made of exactly those modules runs vhdboot.
 */
class RuntimeImageIT {

    private static final Path SHADED_JAR = Paths.get(System.getProperty("vhdboot.shadedJar", "target/vhdboot.jar"));
    private static final Path MODULE_LIST = Paths.get(System.getProperty("vhdboot.sourceRoot", "."))
            .resolve("installer/jdeps-modules.txt");
    private static final String VERSION = System.getProperty("vhdboot.version", "");

    @Test
    void moduleListCoversWhatJdepsFinds() throws IOException {
        // The same command installer/README.md records; --multi-release because the shaded jar is one.
        String found = runTool("jdeps", "--multi-release", "17", "--print-module-deps", "--ignore-missing-deps",
                SHADED_JAR.toString()).strip();
        Set<String> needed = new TreeSet<>(Arrays.asList(found.split(",")));
        assertTrue(needed.contains("java.base"), "unexpected jdeps answer: " + found);
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(listedModules());
        assertEquals(Set.of(), missing, "jdeps finds modules that " + MODULE_LIST + " does not list");
    }

    @Test
    void runtimeFromTheListRunsTheJar(@TempDir Path work) throws Exception {
        Path runtime = work.resolve("runtime");
        runTool("jlink", "--add-modules", String.join(",", listedModules()), "--strip-debug", "--no-header-files",
                "--no-man-pages", "--compress=2", "--output", runtime.toString());
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        Path java = runtime.resolve("bin").resolve(windows ? "java.exe" : "java");

        assertEquals("vhdboot " + VERSION, run(work, java.toString(), "-jar", SHADED_JAR.toString(), "--version").strip());
        String demo = run(work, java.toString(), "-jar", SHADED_JAR.toString(), "demo", work.resolve("demo").toString());
        assertTrue(demo.contains("demo passed"), demo);
        // Code pages vhdboot asks for by name must resolve inside the small runtime too.
        String modules = run(work, java.toString(), "--list-modules");
        assertTrue(modules.contains("jdk.charsets"), modules);
    }

    private static List<String> listedModules() throws IOException {
        List<String> modules = Files.readAllLines(MODULE_LIST, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());
        assertTrue(modules.contains("java.base"), MODULE_LIST + " lists " + modules);
        return modules;
    }

    /** Runs a JDK tool in this JVM (no dependence on PATH) and returns its standard output. */
    private static String runTool(String name, String... args) {
        ToolProvider tool = ToolProvider.findFirst(name)
                .orElseThrow(() -> new AssertionError(name + " is not available: run the build on a JDK, not a JRE"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = tool.run(o, e, args);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, name + " " + String.join(" ", args) + "\n" + stdout + err.toString(StandardCharsets.UTF_8));
        return stdout;
    }

    private static String run(Path workingDirectory, String... command) throws Exception {
        List<String> line = new ArrayList<>(Arrays.asList(command));
        Path output = Files.createTempFile(workingDirectory, "out", ".txt");
        Process process = new ProcessBuilder(line).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: " + line);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), line + "\n" + text);
        return text;
    }
}
