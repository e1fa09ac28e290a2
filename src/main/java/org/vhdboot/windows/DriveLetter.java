package org.vhdboot.windows;

import java.util.Locale;
import java.util.regex.Pattern;

/** Reads the drive letters users type: {@code x}, {@code X:} or {@code X:\} all mean {@code X:}. */
public final class DriveLetter {
    private static final Pattern LETTER = Pattern.compile("([A-Za-z]):?\\\\?");

    private DriveLetter() {
    }

    public static String parse(String text) {
        var m = LETTER.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a drive letter: use a letter such as X:");
        }
        return m.group(1).toUpperCase(Locale.ROOT) + ":";
    }
}
