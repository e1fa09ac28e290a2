package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.IoStepHook;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.SimulatedCrash;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vhdboot finish} is what status and a refused dry run name for a job any command finishes: it finishes or
 * undoes that job and changes nothing else. The advice once listed {@code reset}, which finished the job and then
 * discarded Current's changes.
 */
class FinishOperationTest {
    private static final String ADVICE = "`vhdboot finish` finishes or undoes it and does nothing else";

    @TempDir
    Path root;

    @Test
    void aKilledImageAddIsFinishedOrUndoneByFinishAloneAtEveryStopThatLeavesAJournal() throws Exception {
        FleetFixture fleet = FleetFixture.vhdx(root.resolve("fleet"), new TestWorld());
        Path layer = fleet.commit("2026-11", "base", 256 << 10, 11);
        Path template = fleet.lab;
        int journalled = 0;
        for (int allowed = 0; allowed < 80; allowed++) {
            Path lab = copy(template, root.resolve("run" + allowed));
            try {
                new ImageAddOperation(new TestWorld().with(IoStepHook.class, new CrashAfterSteps(allowed)).context())
                        .run(FleetFixture.layout(lab), new ImageAddOperation.Options(layer, Optional.empty(), false,
                                TransferProgress.NONE));
            } catch (SimulatedCrash stopped) {
                // as a kill -9
            }
            if (!Files.exists(lab.resolve(OperationJournal.FILE_NAME))) {
                if (journalled > 0) {
                    break; // past its last step
                }
                continue;
            }
            journalled++;
            TestWorld world = new TestWorld();
            List<String> problems = world.status(lab).problems();
            assertTrue(problems.stream().anyMatch(p -> p.endsWith(ADVICE)), problems.toString());
            assertTrue(problems.stream().noneMatch(p -> p.contains("vhdboot reset")), problems.toString());
            OperationException refused = assertThrows(OperationException.class, () -> world.reset(lab,
                    new ResetOperation.Options(Role.CURRENT, true, true, false, false)));
            assertTrue(refused.getMessage().endsWith(ADVICE + ": run that, then the dry run again"),
                    refused.getMessage());

            if (journalled == 1) {
                // init repairs mid-job what the job does not replace (here a lost Recovery), so the job can finish.
                Files.delete(lab.resolve("Gold-Recovery.vhdx"));
                world.init(InitOptions.parent(lab.resolve("Gold.vhdx")).bootStore("none"));
                assertTrue(Files.exists(lab.resolve("Gold-Recovery.vhdx")));
                assertTrue(Files.exists(lab.resolve(OperationJournal.FILE_NAME)), "the job is left to finish");
            }
            byte[] current = Files.readAllBytes(lab.resolve("Gold-Current.vhdx"));
            FinishOperation.Result finished = new FinishOperation(world.context()).run(FleetFixture.layout(lab));
            assertTrue(finished.interrupted().isPresent() && finished.outcome().isPresent(), finished.toString());
            assertFalse(Files.exists(lab.resolve(OperationJournal.FILE_NAME)));
            assertTrue(java.util.Arrays.equals(current, Files.readAllBytes(lab.resolve("Gold-Current.vhdx"))),
                    "Current is left as it was");
            assertEquals(List.of(), world.status(lab).problems());
            assertEquals(new FinishOperation.Result(Optional.empty(), Optional.empty()),
                    new FinishOperation(world.context()).run(FleetFixture.layout(lab)), "nothing is left to finish");
        }
        assertTrue(journalled >= 2, "stops inside the add: " + journalled);
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(file.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }
}
