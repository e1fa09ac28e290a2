package org.vhdboot.ops;

import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.ProgressListener;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.windows.Platform;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The outside world of one test: a machine without Windows' services, a {@link FakePlatform} (elevated, UEFI,
 * plenty of space), the system clock and an empty environment. Replace single parts with {@link #with}; run a
 * use case in process with {@link #context()}, or the command line with {@link #services()}.
 */
public final class TestWorld {
    public final FakePlatform platform = new FakePlatform();
    public final RecordingReporter reporter = new RecordingReporter();
    private OutsideWorld world;

    public TestWorld() {
        this(Clock.systemUTC());
    }

    public TestWorld(Clock clock) {
        world = OutsideWorld.portable(clock, Map.of()).with(Platform.class, platform);
    }

    /** This world with {@code part} as its {@code type}, from now on. */
    public <T> TestWorld with(Class<T> type, T part) {
        world = world.with(type, part);
        return this;
    }

    /**
     * This world on Windows with {@code fake}'s behaviour as bcdedit, from now on, found as {@code VHDBOOT_BCDEDIT}
     * by use cases and command lines alike: layouts made with {@code boot_store = bcdedit} change its store at once,
     * as the agent needs.
     */
    public TestWorld withBcdedit(BcdeditDouble fake) {
        platform.windows = true;
        return with(BcdeditProcess.class, fake.process()).with(OutsideWorld.Environment.class,
                new OutsideWorld.Environment(Map.of(BcdeditCommands.EXECUTABLE_VARIABLE, fake.executable())));
    }

    public OutsideWorld world() {
        return world;
    }

    /** For a run of the command line: {@code CommandRun.with(world.services(), ...)} captures its console. */
    public Services services() {
        return new Services(null, world);
    }

    /** For a use case run in process: the Java engine, no {@code --bcdedit}, the recording reporter. */
    public OperationContext context() throws OperationException {
        return OperationContext.of(world, Optional.empty(), "java", reporter);
    }

    /** Like {@link #context()}, with {@code --bcdedit PROGRAM}. */
    public OperationContext context(String bcdedit) throws OperationException {
        return OperationContext.of(world, Optional.of(bcdedit), "java", reporter);
    }

    public InitOperation.Result init(InitOptions options) throws Exception {
        return new InitOperation(context()).run(options.build());
    }

    /** {@code reset --yes} of {@code role} in the layout in {@code folder}. */
    public ResetOperation.Result reset(Path folder, Role role) throws Exception {
        return reset(folder, new ResetOperation.Options(role, true, false, false, false));
    }

    public ResetOperation.Result reset(Path folder, ResetOperation.Options options) throws Exception {
        return new ResetOperation(context()).run(LayoutFile.load(folder.resolve(Layout.INI_NAME)), options);
    }

    public SnapshotCreateOperation.Result snapshot(Path folder, String name) throws Exception {
        return new SnapshotCreateOperation(context()).run(layout(folder),
                new SnapshotCreateOperation.Options(name, "", false, false));
    }

    /** {@code snapshot revert NAME --yes}, with {@code --keep-old} if asked. */
    public ResetOperation.Result revert(Path folder, String name, boolean keepOld) throws Exception {
        return reset(folder, new ResetOperation.Options(Role.CURRENT, true, false, keepOld, false, false,
                Optional.of(name)));
    }

    /** {@code snapshot delete NAME --yes}. */
    public SnapshotDeleteOperation.Result deleteSnapshot(Path folder, String name) throws Exception {
        return deleteSnapshot(folder, name, ProgressListener.NONE);
    }

    /** {@code snapshot delete NAME --yes}, its progress told to {@code progress}. */
    public SnapshotDeleteOperation.Result deleteSnapshot(Path folder, String name, ProgressListener progress)
            throws Exception {
        return new SnapshotDeleteOperation(context()).run(layout(folder),
                new SnapshotDeleteOperation.Options(name, true, false, progress));
    }

    public SnapshotListOperation.Report snapshots(Path folder) throws Exception {
        return new SnapshotListOperation(context()).run(layout(folder));
    }

    private static Layout layout(Path folder) throws Exception {
        return LayoutFile.load(folder.resolve(Layout.INI_NAME));
    }

    public StatusOperation.Report status(Path folder) throws Exception {
        return new StatusOperation(context()).run(LayoutFile.load(folder.resolve(Layout.INI_NAME)));
    }
}
