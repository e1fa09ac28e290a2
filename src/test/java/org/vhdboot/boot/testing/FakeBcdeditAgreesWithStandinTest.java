package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vhdboot.process.ProcessResult;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The in-JVM fake and the Python stand-in answer every command with the same bytes and leave the same stores:
 * what lets most tests use the fake while a few run the stand-in as a real process. Each Python run costs a
 * process start, so the long scenario runs in one language and the others check their words briefly.
 */
class FakeBcdeditAgreesWithStandinTest {
    private static final String LAB = "{6b0f3c1e-2d4a-4e8b-9c7d-1a2b3c4d5e6f}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    /** Each step's arguments; {@code %offline%} and {@code %export%} become files in each double's folder. */
    private static final List<List<String>> CHANGES_AND_FAILURES = List.of(
            List.of("/enum"),
            List.of("/enum", "all", "/v"),
            List.of("/create", LAB, "/d", "Lab - Current", "/application", "osloader"),
            List.of("/set", LAB, "device", "vhd=[C:]\\VHD\\Lab Current.vhdx"),
            List.of("/set", LAB, "nx", "optin"),
            List.of("/set", LAB, "isolatedcontext", "yes"),
            List.of("/set", LAB, "inherit", "{bootloadersettings}"),
            List.of("/set", LAB, "bogus", "1"),
            List.of("/set", LAB, "timeout", "soon"),
            List.of("/displayorder", LAB, "/addfirst"),
            List.of("/displayorder", "{current}", "/addlast"),
            List.of("/default", LAB),
            List.of("/bootsequence", LAB),
            List.of("/timeout", "7"),
            List.of("/enum", "{default}"),
            List.of("/enum", LAB, "/v"),
            List.of("/bootsequence", LAB, "/remove"),
            List.of("/create", LAB, "/d", "Again", "/application", "osloader"),
            List.of("/delete", "{memdiag}"),
            List.of("/delete", LAB, "/cleanup"),
            List.of("/enum", LAB),
            List.of("/enum", "all"),
            List.of("/createstore", "%offline%"),
            List.of("/store", "%offline%", "/enum"),
            List.of("/store", "%offline%", "/create", LAB, "/d", "Offline", "/application", "osloader"),
            List.of("/store", "%offline%", "/enum", "all", "/v"),
            List.of("/export", "%export%"),
            List.of("/store", "%offline%", "/export", "%export%"));

    @Test
    void everyKindOfCommandInChineseWithGbkOutput() throws Exception {
        compare("zh", "gbk", CHANGES_AND_FAILURES, List.of("bcd-store.json", "offline-BCD", "export-BCD"));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"en,utf-8", "de,utf-8", "fr,cp1252", "ja,cp932"})
    void theWordsOfEachLanguage(String language, String encoding) throws Exception {
        compare(language, encoding, List.of(List.of("/enum", "all", "/v"), List.of("/set", LAB, "description", "x")),
                List.of("bcd-store.json"));
    }

    @Test
    void anInjectedFailure() throws Exception {
        Doubles doubles = new Doubles(directory, "en", "utf-8");
        doubles.fake.failAt(2);
        doubles.standin.failAt(2);

        doubles.compare(List.of("/timeout", "9"));
        doubles.compare(List.of("/timeout", "8"));

        doubles.compareStores("bcd-store.json");
    }

    private void compare(String language, String encoding, List<List<String>> steps, List<String> stores)
            throws Exception {
        Doubles doubles = new Doubles(directory, language, encoding);
        for (List<String> step : steps) {
            doubles.compare(step);
        }
        for (String file : stores) {
            doubles.compareStores(file);
        }
    }

    /** The fake and the stand-in side by side, each with its own folder. */
    private static final class Doubles {
        final Path fakeFolder;
        final Path standinFolder;
        final FakeBcdedit fake;
        final StandinBcdedit standin;
        final Charset charset;

        Doubles(Path directory, String language, String encoding) throws Exception {
            fakeFolder = directory.resolve("fake");
            standinFolder = directory.resolve("standin");
            fake = FakeBcdedit.in(fakeFolder, language, encoding);
            standin = StandinBcdedit.in(standinFolder, language, encoding);
            charset = Charset.forName(encoding);
        }

        void compare(List<String> step) throws Exception {
            ProcessResult expected = standin.run(in(standinFolder, step));
            ProcessResult actual = fake.run(in(fakeFolder, step));
            String what = step + " -> " + new String(expected.stdout(), charset) + new String(expected.stderr(), charset);
            assertEquals(expected.exitCode(), actual.exitCode(), what);
            assertArrayEquals(expected.stdout(), actual.stdout(), what + "\nfake said: " + new String(actual.stdout(), charset));
            assertArrayEquals(expected.stderr(), actual.stderr(), what + "\nfake said: " + new String(actual.stderr(), charset));
        }

        void compareStores(String file) throws Exception {
            assertEquals(JSON.readTree(standinFolder.resolve(file).toFile()), JSON.readTree(fakeFolder.resolve(file).toFile()),
                    file);
        }

        private static String[] in(Path folder, List<String> step) {
            List<String> arguments = new ArrayList<>();
            for (String argument : step) {
                arguments.add(argument.replace("%offline%", folder.resolve("offline-BCD").toString())
                        .replace("%export%", folder.resolve("export-BCD").toString()));
            }
            return arguments.toArray(String[]::new);
        }
    }
}
