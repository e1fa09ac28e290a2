package org.vhdboot.ops;

import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layout file that once made a command fail (on an earlier vhdboot, or in {@link LayoutFileFuzzProperties}),
 * kept in {@code src/test/resources/fuzz/layout/} and replayed under every {@link FuzzCommand} with the same
 * checks. A seed is named {@code WHAT.SCENE.KIND}: SCENE one of {@link LayoutFuzzCheck.Scene} in lower case
 * ({@code nothing}, {@code junk_replacement}, ...), KIND {@code journal}, {@code pending} or {@code ini}.
 *
 * <p>The long run: {@code mvn -o test -Dtest=LayoutFileFuzzRegressionTest -Dvhdboot.fuzz.minutes=20} feeds the
 * property's generators for that long, collects every failure (each saved under {@code target/layout-fuzz-failures/})
 * and prints its seed, the cases run and their exit codes by file: how far the inputs got.
 * {@code -Dvhdboot.fuzz.seed=S} repeats the run that printed seed {@code S}, case for case.
 */
class LayoutFileFuzzRegressionTest {
    static final Path SEEDS = Path.of("src/test/resources/fuzz/layout");
    /** jqwik's own default: how large the generated values may grow. */
    private static final int GENERATION_SIZE = 1000;
    private static HostileArena arena;
    private static LayoutFuzzCheck check;

    @BeforeAll
    static void makeArena() throws Exception {
        arena = HostileArena.create("vhd");
        check = new LayoutFuzzCheck(arena);
    }

    @AfterAll
    static void removeArena() throws Exception {
        check.close();
        arena.close();
    }

    static Stream<String> seeds() throws IOException {
        try (Stream<Path> files = Files.list(SEEDS)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void everyInputThatOnceFailedIsHandled(String seed) throws Exception {
        String[] parts = seed.split("\\.");
        assertTrue(parts.length >= 3, seed + " is named WHAT.SCENE.KIND");
        String kind = parts[parts.length - 1];
        LayoutFuzzCheck.Scene scene = LayoutFuzzCheck.Scene.valueOf(parts[parts.length - 2].toUpperCase(Locale.ROOT));
        LayoutFileMutants.Mutant mutant = new LayoutFileMutants.Mutant("vhdboot." + kind,
                Files.readAllBytes(SEEDS.resolve(seed)), List.of("seed " + seed));
        for (FuzzCommand command : FuzzCommand.values()) {
            check.check(mutant, scene, command);
        }
    }

    @Test
    void aSeedRepeatsTheLongRunsInputs() {
        JqwikSession.start(); // jqwik's generators run only inside a session of its own
        try {
            RandomGenerator<LayoutFileMutants.Mutant> inputs = LayoutFileFuzzProperties.anyMutant(arena)
                    .generator(GENERATION_SIZE);
            Random first = new Random(20261203);
            Random again = new Random(20261203);
            for (int i = 0; i < 50; i++) {
                LayoutFileMutants.Mutant one = inputs.next(first).value();
                LayoutFileMutants.Mutant other = inputs.next(again).value();
                assertEquals(one.toString(), other.toString());
                assertArrayEquals(one.bytes(), other.bytes(), one.toString());
            }
        } finally {
            JqwikSession.finish();
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "vhdboot.fuzz.minutes", matches = "\\d+")
    void longRun() throws Exception {
        Duration length = Duration.ofMinutes(Long.parseLong(System.getProperty("vhdboot.fuzz.minutes")));
        String seedSetting = System.getProperty("vhdboot.fuzz.seed", "random");
        long seed = seedSetting.equals("random") ? new Random().nextLong() : Long.parseLong(seedSetting);
        System.out.println("layout fuzz: seed " + seed);
        JqwikSession.start(); // jqwik's generators run only inside a session of its own
        try {
            fuzz(Instant.now().plus(length), seed);
        } finally {
            JqwikSession.finish();
        }
    }

    /** Feeds mutants until {@code end}; one source for the inputs and the choices, so a seed repeats a run. */
    private static void fuzz(Instant end, long seed) throws IOException {
        Random random = new Random(seed);
        RandomGenerator<LayoutFileMutants.Mutant> inputs = LayoutFileFuzzProperties.anyMutant(arena)
                .generator(GENERATION_SIZE);
        LayoutFuzzCheck.Scene[] scenes = LayoutFuzzCheck.Scene.values();
        FuzzCommand[] commands = FuzzCommand.values();
        long cases = 0;
        List<String> failures = new java.util.ArrayList<>();
        java.util.Map<String, Integer> exits = new java.util.TreeMap<>();
        while (Instant.now().isBefore(end)) {
            LayoutFileMutants.Mutant mutant = inputs.next(random).value();
            LayoutFuzzCheck.Scene scene = mutant.fileName().equals(ResetJournal.FILE_NAME)
                    ? scenes[random.nextInt(scenes.length)] : LayoutFuzzCheck.Scene.NOTHING;
            try {
                int exit = check.check(mutant, scene, commands[random.nextInt(commands.length)]);
                exits.merge(mutant.fileName().substring("vhdboot.".length()) + " " + exit, 1, Integer::sum);
            } catch (AssertionError failed) {
                // Saved under target/layout-fuzz-failures/ by the check; every finding is collected, not only the first.
                failures.add(failed.getMessage());
            }
            cases++;
        }
        System.out.println("layout fuzz: seed " + seed + ", " + cases + " cases, exit codes by file " + exits + ", "
                + failures.size() + " failures");
        failures.forEach(failure -> System.out.println("--- failure\n" + failure));
        assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases failed; the first:\n"
                + failures.stream().findFirst().orElse(""));
    }
}
