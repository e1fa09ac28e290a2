package org.vhdboot.ops;

import org.vhdboot.layout.LastPull;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.PullPolicy;
import org.vhdboot.layout.SwitchRecord;

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
    /**
     * How long the night's pull may talk to the registry (requests, retries and downloads together): the machine waits
     * in Recovery meanwhile, and a slow link or a registry answering just inside every timeout must not keep it there.
     * What arrived stays; the next night resumes.
     */
    static final Duration PULL_TIME = Duration.ofHours(2);

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
        // Written into the ini by hand, since `schedule --pull` refuses it: downloading would only fail every night.
        Optional<String> unworkable = policy.get().unworkableIn(loaded);
        LastPull outcome = unworkable.isPresent()
                ? failed(loaded, reference, started, notRun(reference) + unworkable.get())
                : pull(loaded, policy.get(), started);
        record(loaded, outcome);
        return Optional.of(outcome.message());
    }

    /** How the message of a pull the agent did not run begins; {@code status} knows it by that. */
    static String notRun(String reference) {
        return "the scheduled pull of " + reference + " was not run: ";
    }

    private LastPull pull(Layout loaded, PullPolicy policy, Instant started) {
        String reference = policy.reference();
        try {
            ImagePullOperation.Result pulled = new ImagePullOperation(context).run(LayoutFile.load(loaded.iniPath()),
                    new ImagePullOperation.Options(reference, RegistryAccess.of(policy), TransferProgress.NONE,
                            Optional.of(started.plus(PULL_TIME))));
            Layout layout = LayoutFile.load(loaded.iniPath());
            String top = pulled.top();
            String message;
            if (top.equals(layout.currentVersion().name())) {
                message = "up to date: Current stands on " + top;
            } else {
                message = (pulled.pulled().isEmpty() ? top + " is here" : "pulled " + String.join(", ", pulled.pulled()))
                        + "; " + switchTo(layout, top);
            }
            LastPull outcome = new LastPull(reference, started, context.clock().instant(), true, pulled.digest(), top,
                    message);
            context.log(loaded).record(Event.SCHEDULED_PULL_CHECKED, Duration.between(started, outcome.finished()),
                    reference + ": " + message);
            return outcome;
        } catch (IOException | OperationException | RuntimeException e) {
            return failed(loaded, reference, started, "the scheduled pull of " + reference + " failed: "
                    + e.getMessage());
        }
    }

    /** Logged, in the Event Log too, and shown as a warning: the machine stays on its version. */
    private LastPull failed(Layout loaded, String reference, Instant started, String what) {
        String message = what + "; this computer stays on version " + loaded.currentVersion().name();
        LastPull outcome = new LastPull(reference, started, context.clock().instant(), false, null, null, message);
        context.log(loaded).record(Event.SCHEDULED_PULL_FAILED, Duration.between(started, outcome.finished()), message);
        context.reporter().warn(message);
        return outcome;
    }

    /**
     * Switches the machine to {@code version} with confirmation, as {@code image switch} does: the other slot gets a
     * fresh child of it and a one-time boot, the default stays on the old slot until the agent confirms a healthy
     * start there ({@link SwitchWatch}), and a start that never gets that far falls back by itself. The agent restarts
     * right after, so no {@code --confirm-within} deadline, and no one to ask before the old fallback slot is replaced.
     * {@link ImageSwitchOperation} takes the layout's lock itself and finishes any interrupted operation first.
     *
     * @return what the switch did, for {@code [last_pull] message}
     * @throws OperationException when the switch is refused or fails; the machine stays on its version
     */
    String switchTo(Layout layout, String version) throws IOException, OperationException {
        Optional<SwitchRecord> last = layout.lastSwitch().filter(sw -> sw.version().equals(version));
        if (last.filter(SwitchRecord::pending).isPresent()) {
            return "the switch to " + version + " waits for its confirmation";
        }
        if (last.filter(sw -> sw.state() == SwitchRecord.State.FAILED).isPresent()) {
            // Trying again every night would start a version that already failed to start, night after night.
            return "not switching: the switch to " + version + " was not confirmed before; `vhdboot image switch "
                    + version + "` tries it again";
        }
        ImageSwitchOperation.Result switched;
        try {
            switched = new ImageSwitchOperation(context).run(layout,
                    new ImageSwitchOperation.Options(version, Optional.empty(), false, true, false));
        } catch (OperationException e) {
            throw new OperationException(e.kind(), version + " is here, but the switch to it failed: "
                    + e.getMessage(), e);
        }
        return "switching to " + version + ": slot " + switched.to().key() + " starts once on trial, slot "
                + switched.from().key() + " stays the default until the agent confirms it";
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
