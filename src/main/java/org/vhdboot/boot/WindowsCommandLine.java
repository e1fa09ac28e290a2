package org.vhdboot.boot;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders an argument list as one Windows command line that gives the program exactly those arguments:
 * for pasting into cmd.exe ({@link #forConsole}) or for a {@code .cmd} file ({@link #forBatchFile}).
 * <p>
 * An argument is quoted when it is empty or holds blanks or characters cmd.exe treats specially
 * ({@code & | < > ^ ( )}). Inside quotes, backslashes are literal except before the closing quote, where they
 * are doubled so the program's argument parser keeps them. Arguments never contain double quotes or line
 * breaks ({@link BcdeditCommands} refuses them), so no other escaping is needed.
 */
public final class WindowsCommandLine {

    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\\s&|<>^()]");

    private WindowsCommandLine() {
    }

    /** One line to paste at a cmd.exe prompt, e.g. {@code bcdedit /create {guid} /d "Lab - Current" ...}. */
    public static String forConsole(List<String> arguments) {
        return arguments.stream().map(WindowsCommandLine::quoted).collect(Collectors.joining(" "));
    }

    /** The same line for a batch file, where {@code %} must be written {@code %%} to stay literal. */
    public static String forBatchFile(List<String> arguments) {
        return arguments.stream().map(argument -> quoted(argument).replace("%", "%%")).collect(Collectors.joining(" "));
    }

    private static String quoted(String argument) {
        if (!argument.isEmpty() && !NEEDS_QUOTES.matcher(argument).find()) {
            return argument;
        }
        int trailingBackslashes = 0;
        while (trailingBackslashes < argument.length()
                && argument.charAt(argument.length() - 1 - trailingBackslashes) == '\\') {
            trailingBackslashes++;
        }
        return "\"" + argument + "\\".repeat(trailingBackslashes) + "\"";
    }
}
