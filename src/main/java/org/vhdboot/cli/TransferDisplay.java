package org.vhdboot.cli;

import org.vhdboot.oci.TransferListener;
import org.vhdboot.ops.TransferProgress;

/**
 * The progress of each file an image command moves or hashes (push, pull, add, commit): a progress bar on a
 * terminal, a plain line on stderr at every tenth otherwise (logs of unattended runs stay short), nothing with
 * {@code --quiet}. stdout stays the command's result, so {@code --json} output is never mixed with progress.
 */
final class TransferDisplay implements TransferProgress, AutoCloseable {
    private final Console console;
    private final boolean bar;
    private final boolean quiet;
    private ProgressDisplay current;

    private TransferDisplay(Console console, boolean quiet) {
        this.console = console;
        this.bar = console.interactive() && !quiet;
        this.quiet = quiet;
    }

    static TransferDisplay forConsole(Console console, boolean quiet) {
        return new TransferDisplay(console, quiet);
    }

    @Override
    public TransferListener start(String what, long bytes) {
        close();
        if (quiet) {
            return TransferListener.NONE;
        }
        if (bar) {
            current = new ProgressDisplay(console, what, true);
            return current::progress;
        }
        return new Lines(what);
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** {@code pull 2026-12: 30% of 312.4 MiB}, once per tenth reached. */
    private final class Lines implements TransferListener {
        private final String what;
        private int shown = -1;

        Lines(String what) {
            this.what = what;
        }

        @Override
        public void progress(long done, long total) {
            int tenth = total <= 0 ? 10 : (int) Math.min(10, done * 10 / total);
            if (tenth > shown) {
                shown = tenth;
                console.info(what + ": " + tenth * 10 + "% of " + ByteSize.format(total));
            }
        }
    }
}
