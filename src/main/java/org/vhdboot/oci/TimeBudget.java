package org.vhdboot.oci;

import java.time.Duration;

/**
 * The time one registry session may take in all: every request, retry, pause and body of it. The agent's pull in
 * Recovery has a night, and a registry answering just inside every timeout (a manifest dripped at the floor rate,
 * then retried) must not keep the machine there longer. Each wait is cut to what is left, and once it is spent the
 * next request or wait fails as UNREACHABLE; what a download brought stays for the next run.
 */
final class TimeBudget {
    /** No bound: an admin's pull runs until its own timeouts decide. */
    static final TimeBudget NONE = new TimeBudget(null, 0, "");
    private static final Duration MINIMUM_WAIT = Duration.ofMillis(1);
    /** About 146 years: beyond it {@code System.nanoTime} arithmetic would overflow, and no night is that long. */
    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE / 2);

    private final Duration total;
    private final long deadlineNanos;
    private final String authority;

    private TimeBudget(Duration total, long deadlineNanos, String authority) {
        this.total = total;
        this.deadlineNanos = deadlineNanos;
        this.authority = authority;
    }

    /** {@code total} from now, for the session with {@code authority}; null (or centuries) for {@link #NONE}. */
    static TimeBudget startingNow(Duration total, String authority) {
        return total == null || total.compareTo(LONGEST) > 0 ? NONE
                : new TimeBudget(total, System.nanoTime() + total.toNanos(), authority);
    }

    /** {@code wait}, or what is left when that is less, but at least 1 ms (timeouts must be positive). */
    Duration cap(Duration wait) {
        if (total == null) {
            return wait;
        }
        Duration left = Duration.ofNanos(Math.max(MINIMUM_WAIT.toNanos(), deadlineNanos - System.nanoTime()));
        return left.compareTo(wait) < 0 ? left : wait;
    }

    boolean spent() {
        return total != null && deadlineNanos - System.nanoTime() <= 0;
    }

    /** Throws once the budget is spent. */
    void check() throws OciException {
        if (spent()) {
            throw exceeded();
        }
    }

    OciException exceeded() {
        return new OciException(OciException.Kind.UNREACHABLE, authority + " was still being waited for when the "
                + describe(total) + " this run may spend on it ran out; what arrived is kept for the next run");
    }

    /**
     * How the package words a wait in its messages: in ms under a minute, else to the nearest minute, since the agent's
     * budget is what is left of its 2 h when the store opens, which says "the 2 h", not "the 7199987 ms".
     */
    static String describe(Duration total) {
        if (total.compareTo(Duration.ofMinutes(1)) < 0) {
            return total.toMillis() + " ms";
        }
        long minutes = total.toMinutes() + (total.toSecondsPart() >= 30 ? 1 : 0);
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    }
}
