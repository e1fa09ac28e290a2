package org.vhdboot.oci;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * A time as RFC 3339 writes it, read strictly: its year has four digits. {@link Instant#parse} reads years up to nine
 * digits, and a time at the end of that range cannot be shown in a local time zone, so one recorded from an image or
 * an ini would break every listing that shows it.
 */
public final class Rfc3339Time {
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("[0-9]{4}-.*");

    private Rfc3339Time() {
    }

    /** @throws DateTimeParseException for anything else, a time with a longer or signed year included */
    public static Instant parse(String value) {
        if (!FOUR_DIGIT_YEAR.matcher(value).matches()) {
            throw new DateTimeParseException("not an RFC 3339 time with a four-digit year: " + Printable.of(value),
                    value, 0);
        }
        return Instant.parse(value);
    }
}
