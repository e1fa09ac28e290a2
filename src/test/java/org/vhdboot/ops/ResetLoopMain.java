package org.vhdboot.ops;

import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.io.IoStepHook;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a separate JVM by {@link ResetKillTest}: resets and dirties Current over and over until killed. With a
 * step number N, it stops before the Nth file step of its resets (counted from its start) and says so, to be
 * killed there: inside a reset whatever the machine's speed.
 */
public final class ResetLoopMain {
    private ResetLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long pauseAt = args.length > 1 ? Long.parseLong(args[1]) : 0;
        LayoutFixture layout = new LayoutFixture(dir);
        AtomicLong steps = new AtomicLong();
        IoStepHook pause = (step, path, position, length) -> {
            if (steps.incrementAndGet() == pauseAt) {
                System.out.println("paused before " + step + " " + path.getFileName());
                System.out.flush();
                sleepUntilKilled();
            }
        };
        Services services = new Services(null, Map.of(), Clock.systemUTC()).withIoHook(pause);
        System.out.println("looping");
        System.out.flush();
        while (true) {
            CommandRun run = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
            if (run.exitCode() != 0) {
                System.err.println(run);
                System.exit(run.exitCode());
            }
            if (args.length > 2) {
                System.out.println("steps " + steps.get());
            }
            try (org.vhdboot.disk.Chain disk = new org.vhdboot.disk.DiskImages().open(layout.current, true)) {
                disk.write(0, java.nio.ByteBuffer.wrap(LayoutFixture.USER));
            }
        }
    }

    private static void sleepUntilKilled() {
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // Only the kill ends this.
            }
        }
    }
}
