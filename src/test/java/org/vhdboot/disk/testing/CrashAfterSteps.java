package org.vhdboot.disk.testing;

import org.vhdboot.disk.io.IoStepHook;

import java.nio.file.Path;

/**
 * An {@link IoStepHook} that lets the first {@code allowed} state-changing steps through and refuses every
 * later one, as if the machine lost power right there. Refusing all later steps (not just the next) keeps
 * cleanup code such as close-time flushes from touching the files after the "crash".
 */
public final class CrashAfterSteps implements IoStepHook {
    private final int allowed;
    private int taken;
    private String crashedAt;

    public CrashAfterSteps(int allowed) {
        this.allowed = allowed;
    }

    /** A hook that never crashes but still counts steps. */
    public static CrashAfterSteps never() {
        return new CrashAfterSteps(Integer.MAX_VALUE);
    }

    @Override
    public void beforeStep(Step step, Path path, long position, long length) throws SimulatedCrash {
        if (taken >= allowed) {
            if (crashedAt == null) {
                crashedAt = step + " " + path.getFileName() + " @" + position + "+" + length;
            }
            throw new SimulatedCrash("simulated crash before step " + (allowed + 1) + ": " + crashedAt);
        }
        taken++;
    }

    public boolean crashed() {
        return crashedAt != null;
    }

    /** Steps that went through. */
    public int taken() {
        return taken;
    }

    public String crashedAt() {
        return crashedAt;
    }
}
