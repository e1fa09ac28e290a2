package org.vhdboot.ops;

import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.testing.BcdeditDouble;
import org.vhdboot.boot.testing.BootManager;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.layout.Slot;
import org.vhdboot.process.ProcessRunner;
import org.vhdboot.windows.SystemRestart;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * A Windows machine with a layout, simulated: bcdedit's behaviour in the JVM as its boot store, the boot manager
 * picking what starts (the one-time boot first, consumed; else the default), a platform that then says which of the
 * layout's files the system runs from, a clock the test moves, restarts that are only recorded, and the agent's ticks.
 */
final class SimulatedMachine {
    final TestWorld world;
    final BcdeditDouble bcdedit;
    final RecordingRestart restart = new RecordingRestart();
    final Path folder;
    private Instant now;

    SimulatedMachine(TestWorld world, BcdeditDouble bcdedit, Path folder, Instant start) {
        this.world = world.with(SystemRestart.class, restart);
        this.bcdedit = bcdedit;
        this.folder = folder;
        this.now = start;
        world.platform.windows = true;
    }

    /** The use cases' context now, with bcdedit the machine's. */
    OperationContext context() throws OperationException {
        return world.with(Clock.class, Clock.fixed(now, ZoneOffset.UTC)).with(BcdeditProcess.class, bcdedit.process())
                .with(IoStepHook.class, IoStepHook.NONE).context(bcdedit.executable());
    }

    /** The context with {@code hook} watching every file step. */
    OperationContext hooked(IoStepHook hook) throws OperationException {
        return world.with(Clock.class, Clock.fixed(now, ZoneOffset.UTC)).with(BcdeditProcess.class, bcdedit.process())
                .with(IoStepHook.class, hook).context(bcdedit.executable());
    }

    /**
     * The context of a run that loses power after {@code crash} lets its steps through: from then on no file step and
     * no bcdedit run reaches the machine either.
     */
    OperationContext crashing(CrashAfterSteps crash) throws OperationException {
        BcdeditProcess real = bcdedit.process();
        ProcessRunner off = (argv, timeout) -> {
            if (crash.crashed()) {
                throw new SimulatedCrash("the machine is off");
            }
            return real.runner().run(argv, timeout);
        };
        return world.with(Clock.class, Clock.fixed(now, ZoneOffset.UTC))
                .with(BcdeditProcess.class, new BcdeditProcess(off, real.outputCharset(), real.timeout()))
                .with(IoStepHook.class, crash).context(bcdedit.executable());
    }

    Instant now() {
        return now;
    }

    void later(Duration duration) {
        now = now.plus(duration);
    }

    Layout layout() throws Exception {
        return LayoutFile.load(folder.resolve(Layout.INI_NAME));
    }

    /**
     * A start: the boot manager picks an entry, and the system runs from that entry's file, as the layout names it
     * now; nothing of the agent runs yet. Returns where it runs: {@code current}, {@code recovery} or {@code slot-x}.
     */
    String powerOn() throws Exception {
        UUID started = UUID.fromString(BootManager.start(bcdedit).replace("{", "").replace("}", ""));
        Layout layout = layout();
        String role = null;
        Path file = null;
        for (Role candidate : Role.values()) {
            if (started.equals(layout.child(candidate).entryId())) {
                role = candidate.key();
                file = layout.childPath(candidate);
            }
        }
        Slot other = layout.activeSlot().other();
        if (layout.slot(other).map(Layout.Child::entryId).filter(started::equals).isPresent()) {
            role = other.runningKey();
            file = layout.slotPath(other);
        }
        if (role == null) {
            throw new AssertionError("the boot manager started " + started + ", none of the layout's entries");
        }
        world.platform.runningRole = role;
        world.platform.bootedImage = file;
        return role;
    }

    /** A start, then the agent's boot tick (30 s later, as its task is delayed). */
    AgentOperation.TickResult start() throws Exception {
        powerOn();
        later(Duration.ofSeconds(30));
        return tick(true);
    }

    AgentOperation.TickResult tick(boolean atBoot) throws Exception {
        return new AgentOperation(context()).tick(Optional.empty(), atBoot);
    }

    /** The machine runs where nothing of the layout is: a Linux server or WinPE preparing it. */
    void offline() {
        world.platform.runningRole = null;
        world.platform.bootedImage = null;
    }

    String runningFrom() {
        return world.platform.runningRole;
    }
}
