package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What {@code status} warns of the layout's updates: the schedule, the update policy, and transfers left behind. */
final class UpdateWarnings {
    private UpdateWarnings() {
    }

    /**
     * A schedule or update policy the agent cannot carry out, the last scheduled pull when it failed (unless it was
     * only not run, which the policy's warning says already), and downloads left behind.
     */
    static Optional<InterruptedPull> add(Layout layout, List<String> warnings) throws IOException {
        layout.schedule().flatMap(schedule -> schedule.unworkableIn(layout)).ifPresent(why -> warnings.add("the"
                + " nightly reset cannot work: " + why));
        Optional<String> policyUnworkable = layout.pullPolicy().flatMap(policy -> policy.unworkableIn(layout)
                .map(why -> "the scheduled pull of " + policy.reference() + " cannot work: " + why));
        policyUnworkable.ifPresent(warnings::add);
        layout.lastPull().filter(pull -> !pull.succeeded())
                .filter(pull -> policyUnworkable.isEmpty() || !pull.message().startsWith(ScheduledPull.notRun(pull
                        .reference())))
                .ifPresent(pull -> warnings.add(pull.message()));
        Optional<InterruptedPull> interrupted = InterruptedPull.find(layout);
        interrupted.ifPresent(pull -> warnings.add(pull.message()));
        for (TreeImage version : layout.tree().all()) {
            Path blob = VersionFiles.of(layout, version.ref()).pushBlob();
            if (Files.exists(blob) && !LayoutLock.heldByAnother(layout.folder(), ImagePullOperation.TRANSFER_LOCK)) {
                warnings.add(blob.getFileName() + " (" + Files.size(blob) + " bytes) is left from an interrupted push"
                        + " of " + version.name() + "; the next push of it deletes it, or delete it yourself");
            }
        }
        return interrupted;
    }
}
