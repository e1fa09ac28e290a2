package org.vhdboot.ops;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent's update step in Recovery, after a nightly reset: pulls what the update policy names
 * ({@code schedule --pull REF}) and, when the image's top version is not the one Current stands on, switches to it
 * with confirmation. A failure leaves the machine on its version; it is logged (and in the Event Log), and recorded
 * in {@code [last_pull]}, which {@code status} shows. Nothing here throws: the nightly cycle goes on either way.
 */
final class ScheduledPull {
    private final OperationContext context;

    ScheduledPull(OperationContext context) {
        this.context = context;
    }

    /** @return what happened, for the tick's result; empty when the layout has no update policy */
    Optional<String> afterNightlyReset(Layout loaded) {
        Optional<PullPolicy> policy = loaded.pullPolicy();
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        Instant started = context.clock().instant();
        String reference = policy.get().reference();
        LastPull outcome;
        try {
            ImagePullOperation.Result pulled = new ImagePullOperation(context).run(LayoutFile.load(loaded.iniPath()),
                    new ImagePullOperation.Options(reference, policy.get().access(), TransferProgress.NONE));
            Layout layout = LayoutFile.load(loaded.iniPath());
            String top = pulled.top();
            String message;
            if (top.equals(layout.currentVersion().name())) {
                message = "up to date: Current stands on " + top;
            } else {
                message = (pulled.pulled().isEmpty() ? top + " is here" : "pulled " + String.join(", ", pulled.pulled()))
                        + "; " + switchTo(layout, top);
            }
            outcome = new LastPull(reference, started, context.clock().instant(), true, pulled.digest(), top, message);
            context.log(loaded).record(Event.SCHEDULED_PULL_CHECKED, Duration.between(started, outcome.finished()),
                    reference + ": " + message);
        } catch (IOException | OperationException | RuntimeException e) {
            String message = "the scheduled pull of " + reference + " failed: " + e.getMessage() + "; this computer"
                    + " stays on version " + loaded.currentVersion().name();
            outcome = new LastPull(reference, started, context.clock().instant(), false, null, null, message);
            context.log(loaded).record(Event.SCHEDULED_PULL_FAILED, Duration.between(started, outcome.finished()),
                    message);
            context.reporter().warn(message);
        }
        record(loaded, outcome);
        return Optional.of(outcome.message());
    }

    /**
     * Switches the machine to {@code version} with confirmation: the one call the update step makes to do it.
     * {@code image switch} (issue 14) is not part of this build, so the version waits, recorded, for it; the lead
     * wires {@code ImageSwitchOperation} here.
     *
     * @return what the switch did, for {@code [last_pull] message}
     */
    String switchTo(Layout layout, String version) {
        return "switch pending";
    }

    /** Under the layout's lock; a failure to record is only a warning, the log holds the outcome too. */
    private void record(Layout loaded, LastPull outcome) {
        try (LayoutLock lock = LayoutLock.acquire(loaded.folder(), "agent: record the scheduled pull")) {
            Layout layout = LayoutFile.load(loaded.iniPath());
            layout.setLastPull(outcome);
            LayoutFile.save(layout, context.steps());
        } catch (IOException | OperationException e) {
            context.reporter().warn("could not record the scheduled pull in " + Layout.INI_NAME + ": " + e.getMessage());
        }
    }
}
