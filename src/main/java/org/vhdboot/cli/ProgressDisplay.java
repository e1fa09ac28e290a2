package org.vhdboot.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vhdboot.disk.ProgressListener;

/** A progress bar on a terminal; nothing otherwise, so logs and pipes stay clean. */
final class ProgressDisplay implements ProgressListener, AutoCloseable {
    private final Console console;
    private final String task;
    private final boolean enabled;
    private ProgressBar bar;

    ProgressDisplay(Console console, String task, boolean enabled) {
        this.console = console;
        this.task = task;
        this.enabled = enabled;
    }

    static ProgressDisplay forConsole(Console console, boolean quiet, String task) {
        return new ProgressDisplay(console, task, console.interactive() && !quiet);
    }

    @Override
    public void progress(long done, long total) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, total >> 20))
                    .setUnit(" MiB", 1).setStyle(ProgressBarStyle.ASCII).continuousUpdate().build();
            console.barShown(true);
        }
        bar.stepTo(done >> 20);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            console.barShown(false);
        }
    }
}
