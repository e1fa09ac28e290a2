package org.vhdboot.cli;

import picocli.CommandLine;

import java.util.Locale;

/** SIZE arguments with binary suffixes (K, M, G, T), and sizes shown to people. */
public final class ByteSize implements CommandLine.ITypeConverter<Long> {
    private static final String UNITS = "KMGT";

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String text = value.strip().toUpperCase(Locale.ROOT);
        if (text.endsWith("IB")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("B")) {
            text = text.substring(0, text.length() - 1);
        }
        int shift = 0;
        if (!text.isEmpty() && UNITS.indexOf(text.charAt(text.length() - 1)) >= 0) {
            shift = 10 * (UNITS.indexOf(text.charAt(text.length() - 1)) + 1);
            text = text.substring(0, text.length() - 1);
        }
        long number;
        try {
            number = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size: use a number with an optional"
                    + " K, M, G or T suffix, e.g. 64M");
        }
        if (number < 0 || (shift > 0 && number > (Long.MAX_VALUE >> shift))) {
            throw new CommandLine.TypeConversionException("size '" + value + "' is out of range");
        }
        return number << shift;
    }

    /** {@code 64.0 MiB}, for people; exact byte counts go in JSON. */
    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = -1;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %siB", value, UNITS.charAt(unit));
    }
}
