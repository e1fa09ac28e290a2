package org.vhdboot.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vhdboot.disk.testing.fuzz.FuzzCase;
import org.vhdboot.disk.testing.fuzz.Mutant;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every input that once broke a property (src/test/resources/fuzz/regressions/*.recipe) keeps every property. */
class FuzzRegressionTest {
    @TempDir
    Path dir;

    static List<Path> recipes() throws IOException, URISyntaxException {
        Path folder = Path.of(FuzzRegressionTest.class.getClassLoader().getResource("fuzz/regressions").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".recipe")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void anInputThatOnceFailedKeepsEveryProperty(Path recipe) throws Exception {
        Mutant mutant = Mutant.fromRecipe(Files.readString(recipe));
        Optional<FuzzCase> seed = FuzzCase.named(mutant.caseName());
        Assumptions.assumeTrue(seed.isPresent(), mutant.caseName() + " needs the real-world images");
        try (ImageFuzzProperties properties = new ImageFuzzProperties(dir)) {
            assertEquals(Optional.empty(), properties.violation(seed.get(), mutant), recipe.getFileName().toString());
        }
    }
}
