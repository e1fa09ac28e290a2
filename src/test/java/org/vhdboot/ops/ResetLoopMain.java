package org.vhdboot.ops;

import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.Services;

import java.nio.file.Path;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.PortablePlatform;

/** Run in a separate JVM by {@link ResetKillTest}: resets and dirties Current over and over until killed. */
public final class ResetLoopMain {
    private ResetLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        LayoutFixture layout = new LayoutFixture(dir);
        Services services = new TestWorld().with(Platform.class, new PortablePlatform()).services();
        System.out.println("looping");
        System.out.flush();
        while (true) {
            CommandRun run = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
            if (run.exitCode() != 0) {
                System.err.println(run);
                System.exit(run.exitCode());
            }
            try (org.vhdboot.disk.Chain disk = new org.vhdboot.disk.DiskImages().open(layout.current, true)) {
                disk.write(0, java.nio.ByteBuffer.wrap(LayoutFixture.USER));
            }
        }
    }
}
