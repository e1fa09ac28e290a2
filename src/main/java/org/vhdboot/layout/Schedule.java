package org.vhdboot.layout;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * When the nightly reset runs, stored in {@code vhdboot.ini} on the host volume so that the reset it
 * triggers cannot wipe it.
 *
 * @param time local time of day
 * @param days the days it runs on
 * @param warning how long before the restart logged-on users are warned
 * @param target the child to reset
 * @param missed what to do at boot when the machine was off at the due time
 */
public record Schedule(LocalTime time, Set<DayOfWeek> days, Duration warning, Role target, Missed missed) {

    /** A schedule missed because the machine was off: reset at the next boot, or wait for the next due time. */
    public enum Missed {
        RESET,
        SKIP;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Missed parse(String text) {
            for (Missed policy : values()) {
                if (policy.key().equalsIgnoreCase(text.strip())) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("missed takes reset or skip, not '" + text + "'");
        }
    }

    public Schedule {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one day");
        }
        if (warning.isNegative() || warning.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("the warning time " + formatDuration(warning)
                    + " is outside 0 to 24h");
        }
        // Monday first, whatever order they were given in.
        days = java.util.Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    /**
     * Why the agent cannot carry out this schedule on {@code layout}, if it cannot: the reset of Current happens in
     * Recovery, reached by a one-time boot, which takes a boot store changed at once. Resetting Recovery needs no
     * restart, so that target works whatever the store.
     */
    public Optional<String> unworkableIn(Layout layout) {
        if (target == Role.RECOVERY || layout.bootStore().changesBootAtOnce()) {
            return Optional.empty();
        }
        return Optional.of("the nightly reset of Current restarts into Recovery once, and this layout has "
                + layout.bootStore().describe() + "; let vhdboot change the boot store (`vhdboot init --parent "
                + layout.parentPath() + " --boot-store bcdedit`), or reset by hand (`vhdboot reset` from Recovery)");
    }

    /** The latest due moment at or before {@code now}, looking back one week; empty when there is none. */
    public Optional<Instant> lastDue(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        for (int back = 0; back <= 7; back++) {
            LocalDate day = today.minusDays(back);
            ZonedDateTime due = ZonedDateTime.of(day, time, zone);
            if (days.contains(day.getDayOfWeek()) && !due.toInstant().isAfter(now)) {
                return Optional.of(due.toInstant());
            }
        }
        return Optional.empty();
    }

    /** The next due moment strictly after {@code now}. */
    public Instant nextRun(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        for (int ahead = 0; ahead <= 8; ahead++) {
            LocalDate day = today.plusDays(ahead);
            ZonedDateTime due = ZonedDateTime.of(day, time, zone);
            if (days.contains(day.getDayOfWeek()) && due.toInstant().isAfter(now)) {
                return due.toInstant();
            }
        }
        throw new IllegalStateException("a schedule with no days");
    }

    public static LocalTime parseTime(String text) {
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time of day: use HH:MM, e.g. 02:00");
        }
    }

    /** {@code mon-fri}, {@code sat,sun}, {@code daily} or {@code all}. */
    public static Set<DayOfWeek> parseDays(String text) {
        String spec = text.strip().toLowerCase(Locale.ROOT);
        if (spec.equals("daily") || spec.equals("all") || spec.equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.split(",")) {
            String[] range = part.strip().split("-");
            if (range.length == 1) {
                days.add(day(range[0]));
            } else if (range.length == 2) {
                DayOfWeek from = day(range[0]);
                DayOfWeek to = day(range[1]);
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                throw new IllegalArgumentException("'" + text + "' is not a list of days: use e.g. mon-fri or sat,sun");
            }
        }
        return days;
    }

    private static DayOfWeek day(String text) {
        String key = text.strip();
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(key) && key.length() >= 2) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a day: use mon, tue, wed, thu, fri, sat or sun");
    }

    public static String formatDays(Set<DayOfWeek> days) {
        if (days.size() == 7) {
            return "daily";
        }
        StringJoiner joiner = new StringJoiner(",");
        for (DayOfWeek d : DayOfWeek.values()) {
            if (days.contains(d)) {
                joiner.add(d.name().substring(0, 3).toLowerCase(Locale.ROOT));
            }
        }
        return joiner.toString();
    }

    /** {@code 10m}, {@code 90s}, {@code 1h}, or {@code 0}. */
    public static Duration parseDuration(String text) {
        String spec = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (spec.equals("0")) {
                return Duration.ZERO;
            }
            long amount = Long.parseLong(spec.substring(0, spec.length() - 1));
            switch (spec.charAt(spec.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                default:
                    break;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // Falls through to the message below.
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration: use e.g. 90s, 10m or 1h");
    }

    public static String formatDuration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
