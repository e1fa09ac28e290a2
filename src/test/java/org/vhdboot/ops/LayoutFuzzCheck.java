package org.vhdboot.ops;

import org.vhdboot.cli.Console;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.VhdbootCommand;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PendingReset;
import org.vhdboot.layout.Role;
import org.vhdboot.testing.HangGuard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs one command on a hostile layout file in the {@link HostileArena} and checks what must hold whatever
 * the file holds: no Throwable escapes; the exit code is a documented one and never an internal error; an
 * error is one line; status and dry runs change no file (names, sizes, hashes, times, modes of the whole
 * arena); other commands change nothing outside the layout folder, never the parent or a planted file, and
 * inside it only the layout's own files.
 */
final class LayoutFuzzCheck implements AutoCloseable {
    /** A hang detector, not a time budget: the suite shares the machine with the rest of the build. */
    private static final long HANG_SECONDS = 60;
    private static final Set<Integer> DOCUMENTED_EXIT_CODES = Arrays.stream(ExitCode.values()).map(ExitCode::code)
            .collect(Collectors.toUnmodifiableSet());
    private static final Pattern KEPT_NAME = Pattern.compile(".*\\.\\d{8}-\\d{6}\\.vhdx?", Pattern.CASE_INSENSITIVE);
    private static final List<String> OWN_FILES = List.of(Layout.INI_NAME, ResetJournal.FILE_NAME,
            PendingReset.FILE_NAME, OperationLog.FILE_NAME, LayoutLock.FILE_NAME, LayoutLock.AGENT_FILE_NAME);

    /**
     * What a journal case finds beside the journal, so every recovery path is taken. SWITCH_PENDING is an ini that
     * records a pending switch into slot b ({@link LayoutFuzzSeeds#switchPending}), which a confirm or rollback
     * journal needs to be read at all; those move Recovery onto the switch's version, so they may change it.
     */
    enum Scene { NOTHING, JUNK_REPLACEMENT, COMPLETE_REPLACEMENT, CURRENT_UNDER_KEPT_NAME, SWITCH_PENDING }

    private final HostileArena arena;
    private final HangGuard commands = new HangGuard("layout-fuzz-command");

    LayoutFuzzCheck(HostileArena arena) {
        this.arena = arena;
    }

    @Override
    public void close() {
        commands.close();
    }

    /**
     * @return the command's exit code, which says how far the input got (6: refused as read)
     * @throws AssertionError naming what broke, the command and the input
     */
    int check(LayoutFileMutants.Mutant mutant, Scene scene, FuzzCommand command) throws IOException {
        arena.restore();
        arena.platform.runningRole = command.runningFrom;
        prepare(scene);
        if (command == FuzzCommand.TICK_IN_RECOVERY && !mutant.fileName().equals(PendingReset.FILE_NAME)) {
            Files.writeString(arena.layout.resolve(PendingReset.FILE_NAME), HostileArena.PENDING);
        }
        Files.write(arena.layout.resolve(mutant.fileName()), arena.placed(latin1(mutant.bytes())).getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        Set<String> childNames = childNamesOf(mutant, scene);
        FolderSnapshot before = arena.snapshot();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try {
            exit = commands.call(command.name(), HANG_SECONDS, () -> VhdbootCommand.execute(arena.services.withConsole(
                    new Console(new PrintWriter(out, true), new PrintWriter(err, true),
                            new BufferedReader(new StringReader("")), false)),
                    command.arguments(arena.layout, arena.parent)));
        } catch (HangGuard.Hang hang) {
            throw failure("a hang: " + hang.getMessage(), mutant, scene, command, out, err, null);
        } catch (Throwable escaped) {
            throw failure("a Throwable escaped: " + escaped, mutant, scene, command, out, err, escaped);
        }
        FolderSnapshot after = arena.snapshot();
        List<String> problems = new ArrayList<>();
        checkExit(exit, command, err.toString(), out.toString(), problems);
        if (command.readOnly) {
            before.changesTo(after).forEach(change -> problems.add("a read-only command changed: " + change));
        } else {
            checkTouchedOnlyTheLayoutsFiles(before, after, childNames, problems);
        }
        if (!problems.isEmpty()) {
            throw failure(String.join("; ", problems) + " (exit " + exit + ")", mutant, scene, command, out, err, null);
        }
        return exit;
    }

    private void prepare(Scene scene) throws IOException {
        Path replacement = arena.layout.resolve("Gold-Current.vhdboot-tmp." + arena.extension());
        switch (scene) {
            case JUNK_REPLACEMENT -> Files.write(replacement, new byte[] {1, 2, 3});
            case COMPLETE_REPLACEMENT -> Files.copy(arena.current, replacement,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            case CURRENT_UNDER_KEPT_NAME -> Files.move(arena.current,
                    arena.layout.resolve("Gold-Current.20261127-010000." + arena.extension()));
            case SWITCH_PENDING -> Files.writeString(arena.layout.resolve(Layout.INI_NAME),
                    arena.placed(LayoutFuzzSeeds.switchPending(arena)));
            default -> {
            }
        }
    }

    private static void checkExit(int exit, FuzzCommand command, String err, String out, List<String> problems) {
        if (!DOCUMENTED_EXIT_CODES.contains(exit)) {
            problems.add("undocumented exit code " + exit);
        }
        if (err.contains("internal error")) {
            problems.add("an internal error");
        }
        List<String> errors = err.lines().filter(line -> line.startsWith("vhdboot: error: ")).toList();
        boolean problemsFound = exit == 1 && command.reportsProblems();
        if (exit == 0 || problemsFound) {
            if (!errors.isEmpty()) {
                problems.add("an error line with exit " + exit);
            }
            if (problemsFound && !out.contains("problem") && !out.contains("\"problems\" : [ \"")) {
                problems.add("status exit 1 without a problem");
            }
        } else if (errors.size() != 1 || !err.strip().lines().reduce((a, b) -> b).orElse("").startsWith("vhdboot: error: ")) {
            problems.add("exit " + exit + " without exactly one error line, last");
        } else if (exit == 1) {
            problems.add("exit 1 from " + command + ", which finds no problems: an internal error");
        }
    }

    /**
     * Outside the layout folder nothing may change; inside, never the parent or the planted file, and only
     * the layout's own files: the children the template or the mutated ini names, their temporary and kept
     * names, and vhdboot's own files.
     */
    private void checkTouchedOnlyTheLayoutsFiles(FolderSnapshot before, FolderSnapshot after, Set<String> childNames,
                                                 List<String> problems) {
        String in = arena.layoutPrefix();
        before.only(name -> !name.startsWith(in)).changesTo(after.only(name -> !name.startsWith(in)))
                .forEach(change -> problems.add("outside the layout: " + change));
        for (String touched : before.touchedIn(after)) {
            if (!touched.startsWith(in) || touched.equals(in)) {
                continue;
            }
            String name = touched.substring(in.length());
            String key = name.toLowerCase(Locale.ROOT);
            boolean own = OWN_FILES.contains(name) || childNames.contains(key)
                    || (KEPT_NAME.matcher(name).matches() && childNames.stream().anyMatch(child ->
                    key.startsWith(child.substring(0, child.lastIndexOf('.')) + ".")));
            if (!own || name.equals(arena.parent.getFileName().toString()) || name.equals(arena.planted.getFileName()
                    .toString())) {
                problems.add("touched " + name + ", which is not one of the layout's own files");
            }
        }
    }

    /**
     * The children a command may replace, with their temporary names: Current always (every changing command
     * resets it), Recovery only when the input asks for it (a journal or a pending mark with target recovery,
     * or a schedule that resets Recovery), by the template's names and, when the mutated ini loads, by its.
     */
    private Set<String> childNamesOf(LayoutFileMutants.Mutant mutant, Scene scene) {
        Set<Role> roles = java.util.EnumSet.of(Role.CURRENT);
        boolean targetsRecovery = scene == Scene.SWITCH_PENDING || latin1(mutant.bytes()).lines()
                .map(line -> line.replace(" ", "").toLowerCase(Locale.ROOT))
                .anyMatch(line -> line.startsWith("target=recovery"));
        Layout mutated = null;
        if (mutant.fileName().equals(Layout.INI_NAME)) {
            try {
                mutated = LayoutFile.load(arena.layout.resolve(Layout.INI_NAME));
                targetsRecovery = mutated.schedule().map(schedule -> schedule.target() == Role.RECOVERY).orElse(false);
            } catch (IOException | OperationException | RuntimeException e) {
                // Refused: no command acts on its names.
            }
        }
        if (targetsRecovery) {
            roles.add(Role.RECOVERY);
        }
        Set<String> names = new HashSet<>();
        for (Role role : roles) {
            names.add(("Gold-" + role.label() + "." + arena.extension()).toLowerCase(Locale.ROOT));
            names.add(("Gold-" + role.label() + ".vhdboot-tmp." + arena.extension()).toLowerCase(Locale.ROOT));
            if (mutated != null) {
                names.add(mutated.child(role).file().toLowerCase(Locale.ROOT));
                names.add(ResetFiles.of(mutated, role).replacement().getFileName().toString().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private AssertionError failure(String what, LayoutFileMutants.Mutant mutant, Scene scene, FuzzCommand command,
                                   StringWriter out, StringWriter err, Throwable cause) {
        String saved = save(mutant);
        AssertionError error = new AssertionError(what + "\ncommand: " + command + ", scene: " + scene + "\ninput "
                + mutant + "\nsaved as " + saved + " (add it to src/test/resources/fuzz/layout/ as a regression seed)"
                + "\n--- out\n" + out + "--- err\n" + err);
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /** The failing input, under target/, named by its content, ready to be kept as a regression seed. */
    private static String save(LayoutFileMutants.Mutant mutant) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "layout-fuzz-failures"));
            String name = Integer.toHexString(java.util.Arrays.hashCode(mutant.bytes())) + "-" + mutant.fileName();
            return Files.write(folder.resolve(name), mutant.bytes()).toString();
        } catch (IOException e) {
            return "(not saved: " + e.getMessage() + ")";
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
