package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.cli.CommandRun;
import org.vhdboot.cli.ExitCode;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.io.IoStepHook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures a reset survives are undone at once; what a crash leaves is finished only where it is safe. */
class ResetSafetyTest {
    @TempDir
    Path dir;

    private final FakePlatform platform = new FakePlatform();
    private final Services services = new Services(null, Map.of(), Clock.systemUTC()).withPlatform(platform);

    private static boolean noTemporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.noneMatch(p -> p.getFileName().toString().contains("vhdboot-tmp"));
        }
    }

    @Test
    void aRenameThatFailsIsRolledBackAtOnce() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        layout.writeUserChanges(layout.current);
        String before = LayoutFixture.sha256(layout.current);
        IoStepHook scannerHoldsTheFile = (step, path, position, length) -> {
            if (step == IoStepHook.Step.RENAME && path.getFileName().toString().startsWith("Gold-Current")) {
                throw new java.nio.file.AccessDeniedException(path.toString(), null, "used by another process");
            }
        };
        for (String[] options : new String[][] {{}, {"--keep-old"}}) {
            String[] args = Stream.concat(Stream.of("reset", "--yes", "--layout", dir.toString()), Stream.of(options))
                    .toArray(String[]::new);
            CommandRun run = CommandRun.with(services.withIoHook(scannerHoldsTheFile), args);
            assertEquals(ExitCode.IO_ERROR.code(), run.exitCode(), run.toString());
            assertEquals(before, LayoutFixture.sha256(layout.current), "the old Current is in place");
            assertFalse(Files.exists(dir.resolve(ResetJournal.FILE_NAME)), "nothing left for a later command");
            assertTrue(noTemporaryFiles(dir));
        }
        CommandRun status = CommandRun.with(services, "status", "--json", "--layout", dir.toString());
        assertTrue(status.out().contains("\"recovered\" : null"), status.out());
        assertEquals(before, LayoutFixture.sha256(layout.current), "status changed nothing");
    }

    @Test
    void anInterruptedResetIsNotFinishedWhileRunningFromItsTarget() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        layout.writeUserChanges(layout.current);
        String before = LayoutFixture.sha256(layout.current);
        Path replacement = dir.resolve("Gold-Current.vhdboot-tmp.vhdx");
        new DiskImages().createChild(replacement, layout.parent);
        new ResetJournal(Role.CURRENT, "Gold-Current.vhdx", replacement.getFileName().toString(),
                java.util.Optional.empty(), Instant.now()).write(dir, new FileSteps(IoStepHook.NONE));

        platform.runningRole = "current";
        CommandRun status = CommandRun.with(services, "status", "--layout", dir.toString());
        assertEquals(ExitCode.PROBLEMS.code(), status.exitCode(), status.toString());
        assertTrue(status.out().contains("was interrupted; `vhdboot reset current` finishes it"), status.out());
        CommandRun refused = CommandRun.with(services, "reset", "recovery", "--yes", "--layout", dir.toString());
        assertEquals(ExitCode.PRECONDITION.code(), refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("cannot be finished while running from it"), refused.err());
        assertEquals(before, LayoutFixture.sha256(layout.current));
        assertTrue(Files.exists(replacement));

        platform.runningRole = "recovery";
        CommandRun finished = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
        assertEquals(0, finished.exitCode(), finished.toString());
        assertTrue(finished.err().contains("finished an interrupted reset"), finished.toString());
        assertTrue(layout.isFreshChild(layout.current));
    }

    @Test
    void aDamagedJournalDoesNotBlockResets() throws Exception {
        LayoutFixture layout = LayoutFixture.initialized(dir, services);
        Files.writeString(dir.resolve(ResetJournal.FILE_NAME), "target=current\ntarget_file=Gold-Current.vhdx\n"
                + "replacement=Gold-Current.vhdboot-tmp.vhdx\nstarted=yesterday\n");
        Files.write(dir.resolve("garbage"), new byte[] {(byte) 0xFF, (byte) 0xFE, 0});
        CommandRun reset = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
        assertEquals(0, reset.exitCode(), reset.toString());
        assertTrue(layout.isFreshChild(layout.current));
    }

    @Test
    void aVhdParentWrittenAfterInitIsDetected() throws Exception {
        Path parent = dir.resolve("Old.vhd");
        DiskImages images = new DiskImages();
        images.create(parent, ImageSpec.dynamic(16 << 20));
        Files.setLastModifiedTime(parent, FileTime.from(Instant.now().minusSeconds(60)));
        assertEquals(0, CommandRun.with(services, "init", "--parent", parent.toString(), "--boot-store", "none")
                .exitCode());
        try (Chain disk = images.allowingParentWrites().open(parent, true)) {
            disk.write(0, ByteBuffer.wrap("tampered".getBytes(StandardCharsets.US_ASCII)));
        }
        CommandRun status = CommandRun.with(services, "status", "--layout", dir.toString());
        assertEquals(ExitCode.PROBLEMS.code(), status.exitCode(), status.toString());
        assertTrue(status.out().contains("was modified"), status.out());
        String before = LayoutFixture.sha256(dir.resolve("Old-Current.vhd"));
        CommandRun reset = CommandRun.with(services, "reset", "--yes", "--layout", dir.toString());
        assertEquals(ExitCode.PARENT.code(), reset.exitCode(), reset.toString());
        assertEquals(before, LayoutFixture.sha256(dir.resolve("Old-Current.vhd")));
    }
}
