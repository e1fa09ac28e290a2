package org.vhdboot.layout;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code [switch]} section of {@code vhdboot.ini}: the last A/B switch and how it went. Kept until the next
 * switch, so {@code status} and {@code image list} can say what a switch waits for, or why it fell back.
 *
 * @param version the version the new slot stands on
 * @param from the slot that was active (and stays the default until the switch is confirmed)
 * @param to the slot the switch prepared
 * @param confirmBy when a pending switch that never started its new slot is given up ({@code --confirm-within})
 * @param booted when the agent's boot tick first ran in the new slot; a healthy boot confirms after the grace period
 * @param ended when it was confirmed, failed or rolled back
 * @param message why it failed or was rolled back, for status and the log
 */
public record SwitchRecord(String version, Slot from, Slot to, State state, Instant started, Optional<Instant> confirmBy,
                           Optional<Instant> booted, Optional<Instant> ended, String message) {

    /** Where a switch stands. */
    public enum State {
        /** Prepared; the one-time boot into the new slot is set or was consumed, nothing confirmed it yet. */
        PENDING,
        /** The new slot is the default. */
        CONFIRMED,
        /** The new slot never confirmed; the old slot is still the default. */
        FAILED,
        /** Abandoned by {@code image rollback}. */
        ROLLED_BACK;

        /** {@code pending}, {@code confirmed}, {@code failed}, {@code rolled-back}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<State> parse(String text) {
            for (State state : values()) {
                if (state.key().equals(text.strip())) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    public static SwitchRecord pending(String version, Slot from, Instant started, Optional<Instant> confirmBy) {
        return new SwitchRecord(version, from, from.other(), State.PENDING, started, confirmBy, Optional.empty(),
                Optional.empty(), "");
    }

    public boolean pending() {
        return state == State.PENDING;
    }

    public SwitchRecord bootedAt(Instant at) {
        return new SwitchRecord(version, from, to, state, started, confirmBy, Optional.of(at), ended, message);
    }

    public SwitchRecord ended(State outcome, Instant at, String why) {
        return new SwitchRecord(version, from, to, outcome, started, confirmBy, booted, Optional.of(at), why);
    }

    /** The line status, the log and the Event Log give a switch that never confirmed. */
    public String notConfirmed() {
        return "switch to " + version + " not confirmed";
    }
}
