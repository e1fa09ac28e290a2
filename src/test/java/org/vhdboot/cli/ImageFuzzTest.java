package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.testing.fuzz.FuzzCase;
import org.vhdboot.disk.testing.fuzz.ImageMutator;
import org.vhdboot.disk.testing.fuzz.Mutant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzes the image parsers through the CLI: mutants of the seed images (src/test/resources/fuzz/seeds, and
 * the real-world images when their folder is here), checksums recomputed, against {@link ImageFuzzProperties}.
 * {@code mvn verify} runs the first 120 mutants of a fixed seed; the long run, as for the layout files, is one command
 * (docs/fuzzing.md): {@code mvn -o test -Dtest=ImageFuzzTest -Dvhdboot.fuzz.minutes=20}, from a random seed
 * (or {@code -Dvhdboot.fuzz.seed=S}), collecting every finding, with the 5 s time budget enforced.
 * A finding is made as small as it stays failing and written to target/fuzz-findings as a recipe; keep it in
 * src/test/resources/fuzz/regressions, where FuzzRegressionTest replays it in every build.
 */
class ImageFuzzTest {
    private static final long MINIMIZE_TRIES = 64;
    /**
     * The suite's share, counted rather than timed so that every machine checks the same mutants (about 8 s here): the
     * whole suite should stay around two minutes; the long run is for depth.
     */
    private static final long SUITE_MUTANTS = 120;

    @TempDir
    Path dir;

    @Test
    void mutantsOfTheSeedImagesBreakNoProperty() throws Exception {
        boolean longRun = ImageFuzzProperties.LONG_RUN_MINUTES > 0;
        String seedSetting = System.getProperty("vhdboot.fuzz.seed", longRun ? "random" : "20261203");
        long seed = seedSetting.equals("random") ? new Random().nextLong() : Long.parseLong(seedSetting);
        boolean keepGoing = longRun;
        List<FuzzCase> cases = FuzzCase.all();
        Random random = new Random(seed);
        ImageMutator mutator = new ImageMutator(random);
        List<String> findings = new ArrayList<>();
        Instant started = Instant.now();
        // The suite's run has no deadline of its own: each command's 60 s hang detector bounds it.
        Instant deadline = started.plus(Duration.ofMinutes(Math.max(0, ImageFuzzProperties.LONG_RUN_MINUTES)));
        long executions = 0;
        java.util.Map<Integer, Integer> checkCodes;
        try (ImageFuzzProperties properties = new ImageFuzzProperties(scratch())) {
            checkCodes = properties.checkCodes();
            while ((longRun ? Instant.now().isBefore(deadline) : executions < SUITE_MUTANTS)
                    && (findings.isEmpty() || keepGoing)) {
                FuzzCase seedCase = cases.get(random.nextInt(cases.size()));
                Mutant mutant = mutator.mutate(seedCase);
                executions++;
                Optional<String> violation = violation(properties, seedCase, mutant);
                if (violation.isPresent()) {
                    Mutant small = minimize(properties, seedCase, mutant);
                    findings.add(save(small, violation.get(), seed, executions));
                }
            }
        }
        System.out.printf("fuzz: seed %d, %d cases, %d executions in %d s, check exit codes %s, %d findings%n", seed,
                cases.size(), executions, Duration.between(started, Instant.now()).toSeconds(), checkCodes,
                findings.size());
        assertEquals(List.of(), findings);
    }

    /** The property the mutant breaks; a hang or a failure of the harness itself counts as a finding too. */
    private static Optional<String> violation(ImageFuzzProperties properties, FuzzCase seedCase, Mutant mutant) {
        try {
            return properties.violation(seedCase, mutant);
        } catch (Exception e) {
            return Optional.of("the run failed: " + e);
        }
    }

    /** /dev/shm when there is one: each mutant is a few files written and read, best done in memory. */
    private Path scratch() throws Exception {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            Path scratch = Files.createTempDirectory(shm, "vhdboot-fuzz");
            scratch.toFile().deleteOnExit();
            return scratch;
        }
        return dir;
    }

    /** Drops changes one at a time, and the checksum fix, while the mutant still breaks a property. */
    private static Mutant minimize(ImageFuzzProperties properties, FuzzCase seedCase, Mutant mutant) {
        Mutant smallest = mutant;
        int tries = 0;
        boolean shrunk = true;
        while (shrunk && tries < MINIMIZE_TRIES) {
            shrunk = false;
            for (int i = 0; i < smallest.ops().size() && tries < MINIMIZE_TRIES; i++) {
                List<Mutant.Op> fewer = new ArrayList<>(smallest.ops());
                fewer.remove(i);
                tries++;
                if (!fewer.isEmpty() && violation(properties, seedCase, smallest.withOps(fewer)).isPresent()) {
                    smallest = smallest.withOps(fewer);
                    shrunk = true;
                    break;
                }
            }
        }
        Mutant unsigned = new Mutant(smallest.caseName(), smallest.file(), smallest.ops(), false);
        return smallest.fixChecksums() && violation(properties, seedCase, unsigned).isPresent() ? unsigned : smallest;
    }

    private static String save(Mutant mutant, String violation, long seed, long execution) throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "fuzz-findings"));
        Path recipe = folder.resolve(mutant.caseName().replace(':', '-') + "-" + seed + "-" + execution + ".recipe");
        String text = "# " + violation.lines().findFirst().orElse(violation) + "\n# found from seed " + seed
                + ", execution " + execution + "\n" + mutant.toRecipe();
        Files.writeString(recipe, text);
        return recipe.toAbsolutePath() + ":\n" + text + "\n" + violation;
    }
}
