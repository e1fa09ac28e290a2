package org.vhdboot.boot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds bcdedit argument lists, executable first, with {@code /store FILE} in front of the command's own
 * arguments when an offline store is targeted. Identifiers are written {@code {lowercase-guid}}
 * (see {@link BcdIdentifiers#commandForm}).
 *
 * @param executable what to run: a path or a name found on PATH; callers resolve option, ini setting,
 *                   {@value #EXECUTABLE_VARIABLE} and finally {@value #DEFAULT_EXECUTABLE}
 * @param storeFile  an offline store to edit instead of the system store
 */
public record BcdeditCommands(String executable, Optional<Path> storeFile) {

    public static final String DEFAULT_EXECUTABLE = "bcdedit";
    /** Environment variable that names the bcdedit executable when no option or setting does. */
    public static final String EXECUTABLE_VARIABLE = "VHDBOOT_BCDEDIT";

    private static final Pattern ELEMENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    public BcdeditCommands {
        Objects.requireNonNull(storeFile, "storeFile");
        if (executable == null || executable.isBlank()) {
            throw new IllegalArgumentException("The bcdedit executable must not be empty.");
        }
        storeFile.ifPresent(file -> requireSafe(file.toString(), "store file"));
    }

    /**
     * The bcdedit to run: the command-line option if given, else the ini setting, else
     * {@value #EXECUTABLE_VARIABLE} from {@code environment}, else {@value #DEFAULT_EXECUTABLE}. Blank values
     * count as not given.
     */
    public static String chooseExecutable(Optional<String> option, Optional<String> setting,
                                          Map<String, String> environment) {
        return Stream.of(option, setting, Optional.ofNullable(environment.get(EXECUTABLE_VARIABLE)))
                .flatMap(Optional::stream)
                .filter(value -> !value.isBlank())
                .findFirst()
                .orElse(DEFAULT_EXECUTABLE);
    }

    /** Commands for the system store, run with {@code executable}. */
    public static BcdeditCommands systemStore(String executable) {
        return new BcdeditCommands(executable, Optional.empty());
    }

    /** Commands for the store in {@code storeFile} ({@code bcdedit /store FILE ...}). */
    public static BcdeditCommands offlineStore(String executable, Path storeFile) {
        return new BcdeditCommands(executable, Optional.of(storeFile));
    }

    /**
     * The command lines that carry out {@code change}, in order: how the bcdedit and script stores render it.
     *
     * @throws IllegalArgumentException if a value holds a double quote or a line break, which no command line
     *                                  can pass to bcdedit unambiguously, or an element name is not a plain word
     */
    public List<List<String>> commandLines(BootChange change) {
        return BcdChange.of(change).stream().map(this::forChange).toList();
    }

    /** The one command line of {@code change}; throws as {@link #commandLines} does. */
    List<String> forChange(BcdChange change) {
        if (change instanceof BcdChange.CreateLoader create) {
            return command("/create", id(create.id()), "/d", requireSafe(create.description(), "description"),
                    "/application", "osloader");
        } else if (change instanceof BcdChange.SetElement set) {
            return command("/set", id(set.id()), elementName(set.element()),
                    requireSafe(set.value(), "value of " + set.element()));
        } else if (change instanceof BcdChange.DeleteEntry delete) {
            return command("/delete", id(delete.id()), "/cleanup");
        } else if (change instanceof BcdChange.SetDefault setDefault) {
            return command("/default", id(setDefault.id()));
        } else if (change instanceof BcdChange.DisplayOrderAddLast last) {
            return command("/displayorder", id(last.id()), "/addlast");
        } else if (change instanceof BcdChange.DisplayOrderAddFirst first) {
            return command("/displayorder", id(first.id()), "/addfirst");
        } else if (change instanceof BcdChange.SetTimeout timeout) {
            return command("/timeout", seconds(timeout.seconds()));
        } else if (change instanceof BcdChange.BootSequence sequence) {
            return command("/bootsequence", id(sequence.id()));
        } else if (change instanceof BcdChange.BootSequenceRemove cancel) {
            return command("/bootsequence", id(cancel.id()), "/remove");
        } else if (change instanceof BcdChange.Export export) {
            return command("/export", requireSafe(export.file().toString(), "export file"));
        }
        throw new IllegalArgumentException("Unknown boot store change: " + change);
    }

    /** {@code bcdedit /enum TARGET /v}: one object, a type of objects or {@code all}, always with full GUIDs. */
    public List<String> enumerate(String target) {
        return command("/enum", target, "/v");
    }

    private List<String> command(String... arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        storeFile.ifPresent(file -> {
            argv.add("/store");
            argv.add(file.toString());
        });
        argv.addAll(List.of(arguments));
        return List.copyOf(argv);
    }

    private static String id(UUID id) {
        return BcdIdentifiers.commandForm(Objects.requireNonNull(id, "id"));
    }

    private static String elementName(String element) {
        if (element == null || !ELEMENT_NAME.matcher(element).matches()) {
            throw new IllegalArgumentException("Not a bcdedit element name: '" + element + "'.");
        }
        return element;
    }

    private static String seconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("The boot menu timeout cannot be negative: " + seconds + ".");
        }
        return Integer.toString(seconds);
    }

    private static String requireSafe(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("The " + what + " cannot contain double quotes or line breaks: " + value);
        }
        return value;
    }
}
