package org.vhdboot.ops;

import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.Role;

import java.nio.file.Path;

/**
 * Run in its own JVM by {@link ResetKillTest} and {@link SnapshotKillTest}: resets Current in the layout at
 * {@code args[0]} (or, with {@code args[4]}, runs {@code snapshot-create:NAME} or {@code snapshot-delete:NAME}) and,
 * just before the {@code args[3]}th {@code args[1]} step on the file {@code args[2]}, says so on stdout and waits to
 * be killed. Exits with 3 when the command never reaches that step.
 */
public final class ResetKillPoint {
    private ResetKillPoint() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        IoStepHook waitForTheKill = KillPointHook.fromArgs(args, 1);
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
