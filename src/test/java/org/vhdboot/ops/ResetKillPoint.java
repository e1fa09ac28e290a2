package org.vhdboot.ops;

import org.vhdboot.disk.io.IoStepHook;

import java.nio.file.Path;

/**
 * Run in its own JVM by {@link ResetKillTest} and {@link SnapshotKillTest}: resets Current in the layout at
 * {@code args[0]} (or, with {@code args[4]}, runs {@code snapshot-create:NAME} or {@code snapshot-delete:NAME}) and,
 * just before the {@code args[3]}th {@code args[1]} step on the file {@code args[2]}, says so on stdout and waits to
 * be killed. Exits with 3 when the command never reaches that step.
 */
public final class ResetKillPoint {
    static final String REACHED = "reached the kill point";

    private ResetKillPoint() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        IoStepHook.Step kind = IoStepHook.Step.valueOf(args[1]);
        String file = args[2];
        int occurrence = Integer.parseInt(args[3]);
        int[] seen = {0};
        IoStepHook waitForTheKill = (step, path, position, length) -> {
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
        TestWorld world = new TestWorld().with(IoStepHook.class, waitForTheKill);
        String command = args.length > 4 ? args[4] : "reset";
        if (command.startsWith("snapshot-create:")) {
            world.snapshot(dir, command.substring(command.indexOf(':') + 1));
        } else if (command.startsWith("snapshot-delete:")) {
            world.deleteSnapshot(dir, command.substring(command.indexOf(':') + 1));
        } else {
            world.reset(dir, Role.CURRENT);
        }
        System.exit(3);
    }
}
