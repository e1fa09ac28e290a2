package org.vhdboot.boot;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code locale} element of a boot entry: the language of the boot screens, written like bcdboot writes it
 * ({@code en-US}, {@code de-DE}, {@code sr-Latn-RS}). It comes from the running system's display language, as
 * bcdboot's comes from the system it runs on; a template can set its own.
 */
public final class BootLocale {
    /** bcdboot's default, and the answer when the system's language names no region. */
    public static final String FALLBACK = "en-US";
    private static final Pattern BCD_LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Z][a-z]{3})?-[A-Z]{2}");

    private BootLocale() {
    }

    /** The display language of this system (on Windows, the user's UI language, as Java reads it). */
    public static String ofRunningSystem() {
        return of(Locale.getDefault(Locale.Category.DISPLAY));
    }

    /** {@code language-[Script-]REGION}; {@value #FALLBACK} for a language without a region, or a strange one. */
    public static String of(Locale locale) {
        StringBuilder tag = new StringBuilder(locale.getLanguage());
        if (!locale.getScript().isEmpty()) {
            tag.append('-').append(locale.getScript());
        }
        tag.append('-').append(locale.getCountry());
        return valid(tag.toString()) ? tag.toString() : FALLBACK;
    }

    static boolean valid(String locale) {
        return BCD_LOCALE.matcher(locale).matches();
    }
}
