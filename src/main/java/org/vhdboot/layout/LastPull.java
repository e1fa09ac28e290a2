package org.vhdboot.layout;

import java.time.Instant;

/**
 * The outcome of the agent's last scheduled pull, kept in {@code [last_pull]} for {@code status}.
 *
 * @param version the image's top version, as it is named in this layout (null when the pull failed before knowing)
 * @param message what happened: {@code pulled 2026-12; switching to 2026-12: …}, {@code up to date}, or why it failed
 */
public record LastPull(String reference, Instant started, Instant finished, boolean succeeded, String digest,
                       String version, String message) {
}
