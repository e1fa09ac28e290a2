package org.vhdboot.disk;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seams of the disk engine, checked in its sources. */
class DiskStructureTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Path DISK = MAIN.resolve("org/vhdboot/disk");
    private static final List<String> FORMAT_PACKAGES = List.of("vhd", "vhdx", "raw");
    private static final Pattern FORMAT_REFERENCE = Pattern.compile("org\\.vhdboot\\.disk\\.(vhdx?|raw)\\.(\\w+)");
    private static final Pattern FORMAT_DECISION = Pattern.compile("DiskFormat\\.(VHDX|VHD|RAW)\\b|switch \\(\\w*[fF]ormat\\)");

    /** A new format is its own package plus one line in the registration file: nothing else names a format's classes. */
    @Test
    void formatPackagesAreReachedOnlyThroughTheRegisteredDrivers() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : sources(MAIN)) {
            if (inFormatPackage(source)) {
                continue;
            }
            Matcher reference = FORMAT_REFERENCE.matcher(Files.readString(source));
            while (reference.find()) {
                violations.add(MAIN.relativize(source) + " names " + reference.group());
            }
        }
        assertEquals(List.of(), violations);
        List<String> registered = Files.readAllLines(Path.of("src/main/resources/META-INF/services/"
                + FormatDriver.class.getName())).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals(List.of("org.vhdboot.disk.vhdx.VhdxDriver", "org.vhdboot.disk.vhd.VhdDriver",
                "org.vhdboot.disk.raw.RawDriver"), registered);
    }

    /** The engine outside the format packages decides nothing by format: it asks the format's driver. */
    @Test
    void theEngineOutsideTheFormatsDecidesNothingByFormat() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : sources(DISK)) {
            if (inFormatPackage(source)) {
                continue;
            }
            Matcher decision = FORMAT_DECISION.matcher(Files.readString(source));
            while (decision.find()) {
                violations.add(DISK.relativize(source) + ": " + decision.group());
            }
        }
        assertEquals(List.of(), violations);
    }

    /**
     * One extent walk: outside the formats, only the resolver asks layers where their bytes are ({@link Extent});
     * the layer and content contracts only declare and forward that call. Zero bytes are made in one place.
     */
    @Test
    void onlyTheResolverWalksTheLayersAndOnlyZeroBytesMakesZeros() throws IOException {
        Pattern extent = Pattern.compile("\\bExtent\\b");
        Pattern zeros = Pattern.compile("byte\\[\\] ZEROS|fillZeros|allocateDirect\\([^)]*\\)\\.asReadOnlyBuffer");
        List<String> walkers = new ArrayList<>();
        List<String> zeroMakers = new ArrayList<>();
        for (Path source : sources(DISK)) {
            String text = Files.readString(source);
            String name = DISK.relativize(source).toString();
            if (!inFormatPackage(source) && extent.matcher(text).find()) {
                walkers.add(name);
            }
            if (zeros.matcher(text).find()) {
                zeroMakers.add(name);
            }
        }
        assertEquals(List.of("Extent.java", "Layer.java", "LayerContent.java", "LayerResolver.java",
                "StoredLayer.java"), walkers);
        assertEquals(List.of("io/ZeroBytes.java"), zeroMakers);
    }

    /** Overlap checks go through one region registry, not lists of ranges built by each reader. */
    @Test
    void overlapChecksUseTheRegionRegistry() throws IOException {
        List<String> rangeLists = new ArrayList<>();
        for (Path source : sources(DISK)) {
            if (Files.readString(source).contains("long[]>")) {
                rangeLists.add(DISK.relativize(source).toString());
            }
        }
        assertEquals(List.of(), rangeLists);
    }

    private static boolean inFormatPackage(Path source) {
        if (!source.startsWith(DISK)) {
            return false;
        }
        Path relative = DISK.relativize(source);
        return relative.getNameCount() > 1 && FORMAT_PACKAGES.contains(relative.getName(0).toString());
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
