package org.vhdboot.oci;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How often and how long to wait before trying a request again after a 429, 500, 502, 503 or 504, or a
 * connection failure: exponential backoff from {@code firstDelay}, or the server's {@code Retry-After}, both
 * capped at {@code maxDelay} so a hostile registry cannot park the client for a year.
 */
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, Sleeper sleeper, Clock clock,
                          Notice notice) {
    /** Told before each wait, so whoever watches a command knows it is waiting to try again, not stuck. */
    @FunctionalInterface
    public interface Notice {
        Notice NONE = (what, next, attempts, delay) -> { };

        /** {@code what} went wrong; attempt {@code next} of {@code attempts} follows after {@code delay}. */
        void retrying(String what, int next, int attempts, Duration delay);
    }

    /** Waits; tests record the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    public RetryPolicy {
        if (maxAttempts < 1 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || notice == null) {
            throw new IllegalArgumentException("a retry policy needs at least one attempt and ordered delays");
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), Sleeper.REAL, Clock.systemUTC(),
                Notice.NONE);
    }

    public RetryPolicy withSleeper(Sleeper replacement) {
        return new RetryPolicy(maxAttempts, firstDelay, maxDelay, replacement, clock, notice);
    }

    public RetryPolicy withNotice(Notice replacement) {
        return new RetryPolicy(maxAttempts, firstDelay, maxDelay, sleeper, clock, replacement);
    }

    static boolean isRetryableStatus(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** The wait before attempt {@code attempt + 1} (attempts count from 1). */
    Duration delay(int attempt, String retryAfter) {
        Duration backoff = firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
        Duration wanted = retryAfter == null ? backoff : parseRetryAfter(retryAfter.trim(), backoff);
        return wanted.compareTo(maxDelay) > 0 ? maxDelay : wanted;
    }

    private Duration parseRetryAfter(String value, Duration fallback) {
        if (value.matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration until = Duration.between(clock.instant(),
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    void pause(Duration duration) throws OciException {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OciException(OciException.Kind.UNREACHABLE, "interrupted while waiting to retry");
        }
    }
}
