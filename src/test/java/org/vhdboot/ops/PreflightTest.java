package org.vhdboot.ops;

import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.TaskScheduler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command that changes something refuses without administrator rights, and changes nothing. */
class PreflightTest {
    @TempDir
    Path dir;

    private final TestWorld world = new TestWorld();
    private final FakePlatform platform = world.platform;
    private final RecordingAttacher attacher = new RecordingAttacher();
    private final List<String> taskCalls = new ArrayList<>();
    private Services services;
    private LayoutFixture layout;

    @BeforeEach
    void setUp() throws Exception {
        services = world.with(DiskAttacher.class, attacher).with(TaskScheduler.class, new TaskScheduler() {
                    @Override
                    public void register(String taskName, Path xmlFile) {
                        taskCalls.add("register " + taskName);
                    }

                    @Override
                    public void delete(String taskName) {
                        taskCalls.add("delete " + taskName);
                    }

                    @Override
                    public boolean exists(String taskName) {
                        return true;
                    }
                }).services();
        layout = LayoutFixture.initialized(dir, world);
        platform.elevated = false;
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                hashes.put(file.getFileName().toString(), LayoutFixture.sha256(file));
            }
        }
        return hashes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"init", "reset", "remove", "schedule", "unschedule", "mount", "unmount", "agent install",
            "agent uninstall"})
    void refusesWithoutAdministratorRights(String command) throws Exception {
        Map<String, String> before = snapshot();
        String layoutDir = dir.toString();
        String[] args;
        switch (command) {
            case "init":
                args = new String[] {"init", "--parent", layout.parent.toString(), "--boot-store", "none"};
                break;
            case "reset":
                args = new String[] {"reset", "--yes", "--layout", layoutDir};
                break;
            case "remove":
                args = new String[] {"remove", "--delete-children", "--yes", "--layout", layoutDir};
                break;
            case "schedule":
                args = new String[] {"schedule", "--daily", "02:00", "--layout", layoutDir};
                break;
            case "unschedule":
                args = new String[] {"unschedule", "--layout", layoutDir};
                break;
            case "mount":
                args = new String[] {"mount", layout.current.toString()};
                break;
            case "unmount":
                args = new String[] {"unmount", layout.current.toString()};
                break;
            default:
                args = command.split(" ");
        }
        CommandRun run = CommandRun.with(services, args);
        assertEquals(ExitCode.NOT_ELEVATED.code(), run.exitCode(), run.toString());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("administrator"), run.err());
        assertEquals(before, snapshot(), "nothing changed");
        assertEquals(List.of(), attacher.calls, "nothing was attached or detached");
        assertEquals(List.of(), taskCalls, "no task was registered or deleted");
    }
}
