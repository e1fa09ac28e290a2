package org.vhdboot.ops;

import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.oci.PartWriter;
import org.vhdboot.oci.TransportOptions;
import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.EventLog;
import org.vhdboot.windows.Platform;
import org.vhdboot.windows.PortablePlatform;
import org.vhdboot.windows.SystemRestart;
import org.vhdboot.windows.TaskScheduler;

import java.nio.charset.Charset;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a use case reaches outside vhdboot's own code, one part per type: the platform, the clock, the
 * environment, restarts, the Task Scheduler, the image attacher, the event log, notices, the I/O step hook,
 * how bcdedit runs, the boot entry recipes, how registries are reached (timeouts, retries) and how downloads
 * are written. {@link #portable} lists every part and its default, so a new outside dependency is one line there;
 * Windows' own parts replace the defaults where the program starts, and tests replace single parts with
 * {@link #with}. Immutable.
 */
public final class OutsideWorld {
    private final Map<Class<?>, Supplier<Optional<?>>> parts;

    private OutsideWorld(Map<Class<?>, Supplier<Optional<?>>> parts) {
        this.parts = Map.copyOf(parts);
    }

    /**
     * A machine without Windows' services (Linux, or a test): no restarts, no Task Scheduler, no attacher.
     * Every part a use case may ask for is listed here, present or not.
     */
    public static OutsideWorld portable(Clock clock, Map<String, String> environment) {
        return new OutsideWorld(Map.of())
                .with(Clock.class, clock)
                .with(Environment.class, new Environment(environment))
                .with(Platform.class, new PortablePlatform())
                .with(IoStepHook.class, IoStepHook.NONE)
                .with(EventLog.class, EventLog.NONE)
                .with(Notices.class, Notices.NONE)
                .with(EntryRecipes.class, EntryRecipes.FROM_TEMPLATES)
                .with(BcdeditProcess.class, BcdeditProcess.local(Charset.defaultCharset()))
                .with(TransportOptions.class, TransportOptions.defaults())
                .with(PartWriter.class, PartWriter.DIRECT)
                .without(SystemRestart.class)
                .without(TaskScheduler.class)
                .without(DiskAttacher.class);
    }

    /** This world with {@code part} as its {@code type}. */
    public <T> OutsideWorld with(Class<T> type, T part) {
        return withLazy(type, () -> Optional.of(type.cast(part)));
    }

    /** This world without a {@code type}: the use cases say what they cannot do without it. */
    public <T> OutsideWorld without(Class<T> type) {
        return withLazy(type, Optional::empty);
    }

    /** A part made on first use, once, for parts that cost time to make (loading virtdisk.dll); may be absent. */
    public <T> OutsideWorld withLazy(Class<T> type, Supplier<Optional<T>> part) {
        Map<Class<?>, Supplier<Optional<?>>> changed = new HashMap<>(parts);
        changed.put(type, once(part));
        return new OutsideWorld(changed);
    }

    /** The part, or empty where this machine has none. */
    public <T> Optional<T> find(Class<T> type) {
        Supplier<Optional<?>> part = parts.get(type);
        if (part == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not a part of the outside world;"
                    + " add it to OutsideWorld.portable");
        }
        return part.get().map(type::cast);
    }

    /** A part every machine has. */
    public <T> T get(Class<T> type) {
        return find(type).orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " here"));
    }

    private static Supplier<Optional<?>> once(Supplier<? extends Optional<?>> make) {
        return new Supplier<>() {
            private Optional<?> made;

            @Override
            public synchronized Optional<?> get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    /** The process environment, as a part of its own so tests give each run the one they need. */
    public record Environment(Map<String, String> variables) {
        public Environment {
            variables = Map.copyOf(variables);
        }
    }
}
