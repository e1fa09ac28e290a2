package org.vhdboot.installer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The portable zip as an admin receives it: built by {@code mvn package} (installer/portable.xml), checked
 * here in {@code verify}. Paths and the version come from the failsafe configuration in pom.xml.
 */
class PortableZipIT {

    private static final String VERSION = required("vhdboot.version");
    private static final Path ZIP = Paths.get(required("vhdboot.portableZip"));
    private static final Path SHADED_JAR = Paths.get(required("vhdboot.shadedJar"));
    private static final Path SOURCE_ROOT = Paths.get(required("vhdboot.sourceRoot"));
    private static final String TOP = "vhdboot-" + VERSION + "/";

    /** Scripts the installer documentation names; the zip must carry each of them. */
    private static final List<String> INSTALLER_FILES = List.of("install.ps1", "uninstall.ps1", "build-msi.ps1",
            "build-runtime.ps1", "jdeps-modules.txt", "README.md");

    @BeforeAll
    static void zipWasBuilt() {
        assertTrue(Files.isRegularFile(ZIP), ZIP + " is missing; the assembly in the package phase should have made it");
    }

    @Test
    void holdsTheJarTheLaunchersTheTemplatesTheDocsAndTheInstallerScripts() throws IOException {
        Set<String> expected = new TreeSet<>(List.of(TOP + "vhdboot.jar", TOP + "vhdboot", TOP + "vhdboot.cmd",
                TOP + "README.md"));
        expected.addAll(filesUnder("bcd-templates", name -> true));
        expected.addAll(filesUnder("docs", name -> true));
        expected.addAll(filesUnder("installer", name -> name.endsWith(".ps1") || name.endsWith(".txt")
                || name.equals("README.md")));
        for (String name : INSTALLER_FILES) {
            assertTrue(expected.contains(TOP + "installer/" + name), "installer/" + name + " is missing from the sources");
        }
        assertTrue(expected.contains(TOP + "bcd-templates/windows-uefi.ini"));
        assertTrue(expected.contains(TOP + "bcd-templates/windows-bios.ini"));

        assertEquals(expected, regularFilesInZip());
    }

    @Test
    void carriesExactlyTheShadedJarOfThisBuild() throws IOException {
        try (FileSystem zip = openZip()) {
            assertArrayEquals(Files.readAllBytes(SHADED_JAR), Files.readAllBytes(zip.getPath(TOP + "vhdboot.jar")),
                    "the zip's vhdboot.jar differs from target/vhdboot.jar");
        }
    }

    @Test
    void marksTheBashLauncherExecutable() throws IOException {
        try (FileSystem zip = openZip()) {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(zip.getPath(TOP + "vhdboot"));
            assertTrue(mode.containsAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE)), "mode of vhdboot in the zip: " + mode);
        }
    }

    /**
     * cmd.exe needs CRLF batch files; Windows PowerShell 5.1 reads a script without a byte-order mark in the
     * ANSI code page, so the scripts must stay plain ASCII to mean the same on every machine.
     */
    @Test
    void shipsWindowsScriptsAsAsciiWithCrlf() throws IOException {
        try (FileSystem zip = openZip()) {
            List<Path> scripts = new ArrayList<>(List.of(zip.getPath(TOP + "vhdboot.cmd")));
            try (Stream<Path> files = Files.list(zip.getPath(TOP + "installer"))) {
                files.filter(p -> p.toString().endsWith(".ps1")).forEach(scripts::add);
            }
            assertTrue(scripts.size() >= 5, "scripts found: " + scripts);
            for (Path script : scripts) {
                byte[] bytes = Files.readAllBytes(script);
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] < 0) {
                        fail(script + ": non-ASCII byte at offset " + i);
                    }
                    if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                        fail(script + ": bare LF at offset " + i);
                    }
                }
            }
        }
    }

    @Test
    void unpackedJarPrintsItsVersion(@TempDir Path unpacked, @TempDir Path elsewhere) throws Exception {
        Path home = unpack(unpacked);
        Result result = run(elsewhere, javaExecutable(), "-jar", home.resolve("vhdboot.jar").toString(), "--version");
        assertEquals(0, result.exitCode, result.toString());
        assertEquals("vhdboot " + VERSION, result.stdout.strip());
    }

    /** The jar alone runs the whole story: nothing it needs lives in the source tree. */
    @Test
    void unpackedJarRunsTheDemoAwayFromTheSourceTree(@TempDir Path unpacked, @TempDir Path elsewhere) throws Exception {
        Path home = unpack(unpacked);
        Path demo = elsewhere.resolve("demo");
        Result result = run(elsewhere, javaExecutable(), "-jar", home.resolve("vhdboot.jar").toString(), "demo",
                demo.toString());
        assertEquals(0, result.exitCode, result.toString());
        assertTrue(result.stdout.contains("demo passed"), result.toString());
        assertTrue(Files.exists(demo.resolve("vhdboot.ini")));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void unpackedBashLauncherPrintsItsVersionAndKeepsAClassDataArchive(@TempDir Path unpacked, @TempDir Path elsewhere)
            throws Exception {
        Path home = unpack(unpacked);
        // Run the file itself, not "bash file": that also proves the executable bit survived the unpacking.
        Result result = run(elsewhere, Map.of("VHDBOOT_APPCDS", "on"), home.resolve("vhdboot").toString(), "--version");
        assertEquals(0, result.exitCode, result.toString());
        assertEquals("vhdboot " + VERSION, result.stdout.strip());
        assertFalse(Files.exists(home.resolve("target")), "the launcher tried to build in the unpacked copy");
        // The first run trained the archive beside the jar; the next one loads vhdboot's own classes from it.
        assertTrue(Files.isRegularFile(home.resolve("vhdboot.jsa")), "no class-data archive: " + result);
        Path classLog = elsewhere.resolve("classes.log");
        Result shared = run(elsewhere, Map.of("VHDBOOT_APPCDS", "on", "VHDBOOT_JAVA_OPTS",
                "-Xlog:class+load=info:file=" + classLog), home.resolve("vhdboot").toString(), "--version");
        assertEquals(0, shared.exitCode, shared.toString());
        assertEquals("vhdboot " + VERSION, shared.stdout.strip());
        assertTrue(Files.readAllLines(classLog).stream().anyMatch(line -> line.contains(" org.vhdboot.cli.")
                && line.endsWith("source: shared objects file")), "vhdboot's classes did not come from the archive");
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void unpackedCmdLauncherPrintsItsVersion(@TempDir Path unpacked, @TempDir Path elsewhere) throws Exception {
        Path home = unpack(unpacked);
        Result result = run(elsewhere, "cmd.exe", "/d", "/c", home.resolve("vhdboot.cmd").toString(), "--version");
        assertEquals(0, result.exitCode, result.toString());
        assertEquals("vhdboot " + VERSION, result.stdout.strip());
    }

    /** docs/windows-validation.md 12.14: the JVM options each kind of command starts with, as the JVM prints them. */
    @Test
    @EnabledOnOs(OS.WINDOWS)
    void unpackedCmdLauncherGivesImageCommandsTheirOwnJvmOptions(@TempDir Path unpacked, @TempDir Path elsewhere)
            throws Exception {
        Path home = unpack(unpacked);
        Map<String, String> printFlags = Map.of("VHDBOOT_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Result shortCommand = run(elsewhere, printFlags, "cmd.exe", "/d", "/c", home.resolve("vhdboot.cmd").toString(),
                "--version");
        assertEquals(0, shortCommand.exitCode, shortCommand.toString());
        assertTrue(shortCommand.stdout.contains("-XX:TieredStopAtLevel=1") && shortCommand.stdout.contains("-XX:+UseSerialGC"),
                shortCommand.toString());
        Result image = run(elsewhere, printFlags, "cmd.exe", "/d", "/c", home.resolve("vhdboot.cmd").toString(),
                "image", "--help");
        assertEquals(0, image.exitCode, image.toString());
        assertTrue(image.stdout.contains("-XX:NewSize=67108864") && image.stdout.contains("-XX:+UseSerialGC")
                && image.stdout.contains("-XX:Tier4InvocationThreshold=50000")
                && image.stdout.contains("-XX:PretenureSizeThreshold=1048576")
                && !image.stdout.contains("TieredStopAtLevel"), image.toString());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run this test through"
                    + " `mvn verify` (maven-failsafe-plugin sets it)");
        }
        return value;
    }

    private static FileSystem openZip() throws IOException {
        // enablePosixFileAttributes exposes the Unix mode stored in each entry (JDK 14 and later).
        return FileSystems.newFileSystem(URI.create("jar:" + ZIP.toUri()), Map.of("enablePosixFileAttributes", "true"));
    }

    private static Set<String> regularFilesInZip() throws IOException {
        try (FileSystem zip = openZip(); Stream<Path> all = Files.walk(zip.getPath("/"))) {
            return all.filter(Files::isRegularFile)
                    .map(p -> p.toString().substring(1))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> filesUnder(String folder, java.util.function.Predicate<String> accept) throws IOException {
        try (Stream<Path> files = Files.list(SOURCE_ROOT.resolve(folder))) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(accept)
                    .map(name -> TOP + folder + "/" + name)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Unpacks the zip into {@code target}, keeping each entry's Unix mode as unzip does; returns the top folder. */
    private static Path unpack(Path target) throws IOException {
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        try (FileSystem zip = openZip(); Stream<Path> all = Files.walk(zip.getPath("/"))) {
            for (Path entry : (Iterable<Path>) all::iterator) {
                Path out = target.resolve(entry.toString().substring(1)).normalize();
                if (!out.startsWith(target)) {
                    fail("zip entry escapes the target folder: " + entry);
                }
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.copy(entry, out);
                if (posix) {
                    Files.setPosixFilePermissions(out, Files.getPosixFilePermissions(entry));
                }
            }
        }
        Path home = target.resolve(TOP);
        assertTrue(Files.isDirectory(home), "no top folder " + TOP + " in the zip");
        return home;
    }

    private static String javaExecutable() {
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        return Paths.get(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
    }

    private static Result run(Path workingDirectory, String... command) throws Exception {
        return run(workingDirectory, Map.of(), command);
    }

    /** Runs {@code command} with this test's Java first on PATH, no caller tuning, and {@code extra} set. */
    private static Result run(Path workingDirectory, Map<String, String> extra, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        Map<String, String> env = builder.environment();
        // The launchers find "java" on PATH: put this test's own runtime first, and drop caller tuning.
        Path javaBin = Paths.get(System.getProperty("java.home"), "bin");
        String pathKey = env.keySet().stream().filter(k -> k.equalsIgnoreCase("PATH")).findFirst().orElse("PATH");
        env.put(pathKey, javaBin + java.io.File.pathSeparator + env.getOrDefault(pathKey, ""));
        env.remove("VHDBOOT_JAVA_OPTS");
        env.putAll(extra);
        Path stdout = Files.createTempFile(workingDirectory, "stdout", ".txt");
        Path stderr = Files.createTempFile(workingDirectory, "stderr", ".txt");
        Process process = builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: " + String.join(" ", command));
        }
        return new Result(String.join(" ", command), process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8), Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static final class Result {
        final String command;
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(String command, int exitCode, String stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString() {
            return command + " -> exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }
}
