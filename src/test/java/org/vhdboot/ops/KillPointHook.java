package org.vhdboot.ops;

import org.vhdboot.disk.io.IoStepHook;

/**
 * The step hook of the kill-point programs ({@link ResetKillPoint}, {@link ImageKillPoint}): just before the
 * {@code occurrence}th {@code kind} step on the file named {@code file}, says {@link #REACHED} on stdout and waits to
 * be killed.
 */
final class KillPointHook {
    static final String REACHED = "reached the kill point";

    private KillPointHook() {
    }

    /** The hook for {@code args[from]} (step kind), {@code args[from + 1]} (file name), {@code args[from + 2]} (count). */
    static IoStepHook fromArgs(String[] args, int from) {
        IoStepHook.Step kind = IoStepHook.Step.valueOf(args[from]);
        String file = args[from + 1];
        int occurrence = Integer.parseInt(args[from + 2]);
        int[] seen = {0};
        return (step, path, position, length) -> {
            if (step == kind && path.getFileName().toString().equals(file) && ++seen[0] == occurrence) {
                System.out.println(REACHED);
                System.out.flush();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // Only a kill ends this.
                    }
                }
            }
        };
    }
}
