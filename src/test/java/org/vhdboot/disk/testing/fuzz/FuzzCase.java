package org.vhdboot.disk.testing.fuzz;

import org.vhdboot.disk.testing.RealImages;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One seed the fuzzer starts from: the files of a folder (an image, and its parent for a differencing one), of
 * which {@code top} is the image the commands are given. Seeds come from {@code src/test/resources/fuzz/seeds},
 * and from the real-world images when that folder is here.
 */
public record FuzzCase(String name, Map<String, byte[]> files, String top) {
    private static final long MAX_REAL_IMAGE = 24L << 20;

    public FuzzCase {
        files = Map.copyOf(files);
    }

    private static List<FuzzCase> all;

    /** The stored seeds, then the real images small enough to copy for every run; read once. */
    public static synchronized List<FuzzCase> all() throws IOException {
        if (all == null) {
            all = List.copyOf(load());
        }
        return all;
    }

    private static List<FuzzCase> load() throws IOException {
        List<FuzzCase> cases = new ArrayList<>(stored());
        for (RealImages.Fixture fixture : RealImages.fixtures()) {
            Path image = RealImages.decoded(fixture);
            if (Files.size(image) <= MAX_REAL_IMAGE) {
                cases.add(new FuzzCase("real:" + fixture.decodedName(),
                        Map.of(fixture.decodedName(), Files.readAllBytes(image)), fixture.decodedName()));
            }
        }
        return cases;
    }

    public static List<FuzzCase> stored() throws IOException {
        Path seeds = resource("fuzz/seeds");
        List<FuzzCase> cases = new ArrayList<>();
        try (var folders = Files.list(seeds)) {
            for (Path folder : folders.sorted().toList()) {
                Map<String, byte[]> files = new LinkedHashMap<>();
                String top = null;
                try (var gzipped = Files.list(folder)) {
                    for (Path file : gzipped.sorted().toList()) {
                        String name = file.getFileName().toString().replaceAll("\\.gz$", "");
                        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                            files.put(name, in.readAllBytes());
                        }
                        if (name.startsWith("top.")) {
                            top = name;
                        }
                    }
                }
                cases.add(new FuzzCase(folder.getFileName().toString(), files, top));
            }
        }
        return cases;
    }

    /** The case called {@code name}, or empty when it is a real image whose folder is not here. */
    public static java.util.Optional<FuzzCase> named(String name) throws IOException {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    static Path resource(String name) throws IOException {
        URL url = FuzzCase.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IOException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Writes the files into {@code folder}, with {@code mutant} applied to its target; returns the top image. */
    public Path materialize(Path folder, Mutant mutant) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            byte[] bytes = file.getKey().equals(mutant.file()) ? mutant.apply(file.getValue()) : file.getValue();
            Files.write(folder.resolve(file.getKey()), bytes);
        }
        return folder.resolve(top);
    }
}
