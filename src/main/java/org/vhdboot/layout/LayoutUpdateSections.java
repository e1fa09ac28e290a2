package org.vhdboot.layout;

import org.vhdboot.oci.Digest;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;
import org.vhdboot.oci.TransportOptions;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The update policy's keys in {@code [schedule]} ({@code pull}, {@code pull_ca_cert}, {@code pull_auth_file},
 * {@code pull_insecure}) and the {@code [last_pull]} section. The policy is read as strictly as the rest of the ini:
 * a reference that is not one stops the command; the two files are paths the admin chose, only ever read.
 */
final class LayoutUpdateSections {
    private LayoutUpdateSections() {
    }

    static void read(LayoutText text, Layout layout) throws LayoutException {
        Optional<LayoutSettings> schedule = LayoutSettings.optional(text, "schedule", layout.folder());
        if (schedule.isPresent() && schedule.get().text("pull").isPresent()) {
            layout.setPullPolicy(policy(schedule.get()));
        }
        Optional<LayoutSettings> last = LayoutSettings.optional(text, "last_pull", layout.folder());
        if (last.isPresent()) {
            try {
                layout.setLastPull(lastPull(last.get()));
            } catch (LayoutException e) {
                throw new LayoutException(e.getMessage() + "; delete the [last_pull] section (the agent writes it"
                        + " again after its next scheduled pull)");
            }
        }
    }

    /** Only shown, but read as strictly as the rest: what {@code status} prints is what the agent wrote. */
    private static LastPull lastPull(LayoutSettings pull) throws LayoutException {
        String reference = pull.required("reference");
        try {
            OciReference.parse(reference);
        } catch (OciException e) {
            throw pull.invalid("reference", "is not a reference: " + e.getMessage());
        }
        String result = pull.required("result");
        if (!result.equals("ok") && !result.equals("failed")) {
            throw pull.invalid("result", "is not ok or failed");
        }
        Optional<String> digest = pull.parse("digest", text -> {
            try {
                return Digest.parse(text).toString();
            } catch (OciException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }, "is not sha256: and 64 hex digits");
        Optional<String> version = pull.text("version");
        if (version.isPresent() && ImageName.problem(version.get()).isPresent()) {
            throw pull.invalid("version", "is not a version name");
        }
        return new LastPull(reference, pull.instant("started").orElseThrow(() -> pull.missing("started")),
                pull.instant("finished").orElseThrow(() -> pull.missing("finished")), result.equals("ok"),
                digest.orElse(null), version.orElse(null), pull.text("message").orElse(""));
    }

    private static PullPolicy policy(LayoutSettings schedule) throws LayoutException {
        TransportOptions.PlainHttp plain = schedule.parse("pull_insecure", TransportOptions.PlainHttp::ofWord,
                "is not loopback or any-host").orElse(TransportOptions.PlainHttp.NEVER);
        try {
            return PullPolicy.of(schedule.required("pull"), schedule.parse("pull_ca_cert", Path::of, "is not a path")
                    .orElse(null), schedule.parse("pull_auth_file", Path::of, "is not a path").orElse(null), plain);
        } catch (OciException e) {
            throw schedule.invalid("pull", "is not a reference: " + e.getMessage());
        } catch (InvalidPathException e) {
            throw schedule.invalid("pull", "names a file that is not a path here");
        }
    }

    /** The policy's keys, in the {@code [schedule]} section being written. */
    static void writePolicy(LayoutText.Writer file, Layout layout) {
        layout.pullPolicy().ifPresent(policy -> {
            file.put("pull", policy.reference());
            if (policy.caCertificate() != null) {
                file.put("pull_ca_cert", policy.caCertificate().toString());
            }
            if (policy.authFile() != null) {
                file.put("pull_auth_file", policy.authFile().toString());
            }
            if (policy.plainHttp() != TransportOptions.PlainHttp.NEVER) {
                file.put("pull_insecure", policy.plainHttp().word());
            }
        });
    }

    static void writeLastPull(LayoutText.Writer file, Layout layout) {
        layout.lastPull().ifPresent(pull -> {
            file.section("last_pull").put("reference", pull.reference())
                    .put("started", String.valueOf(pull.started()))
                    .put("finished", String.valueOf(pull.finished()))
                    .put("result", pull.succeeded() ? "ok" : "failed");
            if (pull.digest() != null) {
                file.put("digest", pull.digest());
            }
            if (pull.version() != null) {
                file.put("version", pull.version());
            }
            file.put("message", pull.message());
        });
    }
}
