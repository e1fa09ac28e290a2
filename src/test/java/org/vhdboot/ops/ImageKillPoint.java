package org.vhdboot.ops;

import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.testing.FakeBcdedit;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Run in its own JVM by {@link ImageKillTest}: in the layout at {@code args[0]/lab} (boot store: the stand-in bcdedit
 * in {@code args[0]/bcd}), runs {@code image commit 2027-02} or {@code image switch 2026-12} ({@code args[1]}) and, just
 * before the {@code args[4]}th {@code args[2]} step on the file {@code args[3]}, says so on stdout and waits to be
 * killed. Exits with 3 when the command never reaches that step.
 */
public final class ImageKillPoint {
    private ImageKillPoint() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        IoStepHook waitForTheKill = KillPointHook.fromArgs(args, 2);
        FakeBcdedit bcdedit = FakeBcdedit.in(dir.resolve("bcd"), "en", "utf-8");
        TestWorld world = new TestWorld().with(IoStepHook.class, waitForTheKill)
                .with(BcdeditProcess.class, bcdedit.process());
        world.platform.windows = true;
        Path ini = dir.resolve("lab").resolve(Layout.INI_NAME);
        OperationContext context = world.context(bcdedit.executable());
        if (args[1].equals("commit")) {
            new ImageCommitOperation(context).run(LayoutFile.load(ini), new ImageCommitOperation.Options("2027-02",
                    Optional.empty(), false, TransferProgress.NONE));
        } else {
            world.platform.runningRole = "current";
            new ImageSwitchOperation(context).run(LayoutFile.load(ini), new ImageSwitchOperation.Options("2026-12",
                    Optional.empty(), false, true, false));
        }
        System.exit(3);
    }
}
