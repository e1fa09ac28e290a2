package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.StorageFactory;
import org.vhdboot.disk.testing.ChainFiles;
import org.vhdboot.disk.testing.CrashAfterSteps;
import org.vhdboot.disk.testing.DiskModel;
import org.vhdboot.disk.testing.DiskReads;
import org.vhdboot.disk.testing.DiskWrite;
import org.vhdboot.disk.testing.FileDigests;
import org.vhdboot.disk.testing.FolderCopy;
import org.vhdboot.disk.testing.OldOrNew;
import org.vhdboot.disk.testing.TempFolder;
import org.vhdboot.disk.testing.WritePlan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stops writes, creations, child creations and conversions after each of their I/O steps in turn (N = 0, 1,
 * 2, ... until one completes) and reopens the files with a fresh engine: they must open cleanly and every
 * byte must read as either its old or its new value, never garbage.
 */
class CrashInjectionTest {
    private static final long MIB = 1 << 20;
    private static final long SIZE = 16 * MIB;

    @TempDir
    Path dir;

    private static DiskImages crashingAfter(CrashAfterSteps hook) {
        return new DiskImages(new StorageFactory(hook), Clock.systemUTC(), ParentPaths.forThisSystem());
    }

    /** An operation on the files of one folder, run by an engine that may crash. */
    @FunctionalInterface
    private interface Operation {
        void run(DiskImages images, Path folder) throws IOException;
    }

    /** What must hold after the operation stopped at some step (or completed, when {@code completed}). */
    @FunctionalInterface
    private interface Verification {
        void verify(Path folder, boolean completed, String context) throws IOException;
    }

    /** Runs {@code operation} on a fresh copy of {@code template} once per possible crash point. */
    private int crashAtEveryStep(Path template, Operation operation, Verification verification) throws IOException {
        FolderCopy files = FolderCopy.of(template);
        for (int allowed = 0; ; allowed++) {
            try (TempFolder run = new TempFolder()) {
                files.into(run.path());
                CrashAfterSteps hook = new CrashAfterSteps(allowed);
                try {
                    operation.run(crashingAfter(hook), run.path());
                } catch (IOException e) {
                    if (!hook.crashed()) {
                        throw e;
                    }
                }
                String context = hook.crashed() ? "crash " + hook.crashedAt() : "completed after " + allowed + " steps";
                verification.verify(run.path(), !hook.crashed(), context);
                if (!hook.crashed()) {
                    return allowed;
                }
            }
        }
    }

    private ChainFiles template(String extension, ImageSpec base, int children, ChildSpec childSpec) throws IOException {
        Path folder = dir.resolve("template");
        Files.createDirectories(folder);
        ChainFiles files = new ChainFiles(new DiskImages(), folder, extension);
        files.createBase(base);
        files.write(WritePlan.wholePages(1, 2 * MIB, 10));
        files.write(List.of(DiskWrite.pattern(3 * MIB, (int) MIB, 2)));
        for (int i = 0; i < children; i++) {
            files.addChild(childSpec);
            files.write(List.of(DiskWrite.pattern(5 * MIB + 4096, 8192, 3 + i), DiskWrite.pattern(9 * MIB + 512, 100, 4)));
        }
        return files;
    }

    /** Interrupts {@code write} into the top of {@code files} at every step; returns the number of steps. */
    private int interruptWrite(ChainFiles files, DiskWrite write) throws IOException {
        String top = files.top().getFileName().toString();
        byte[] before = files.model().bytes();
        DiskModel expected = files.model().copy();
        expected.write(write.offset(), write.data());
        byte[] after = expected.bytes();
        return crashAtEveryStep(files.folder(), (images, folder) -> {
            try (Chain chain = images.open(folder.resolve(top), true)) {
                chain.write(write.offset(), ByteBuffer.wrap(write.data()));
                chain.flush();
            }
        }, (folder, completed, context) -> {
            try (Chain chain = new DiskImages().refusingDirtyReadOnlyLogs().open(folder.resolve(top), false)) {
                for (Layer layer : chain.layers()) {
                    assertEquals(List.of(), layer.check(), context + ": " + layer.path().getFileName());
                }
                byte[] actual = DiskReads.read(chain, 0, (int) chain.size());
                OldOrNew.assertEveryByteOldOrNew(before, after, actual, context);
                if (completed) {
                    assertArrayEquals(after, actual, context);
                }
            }
        });
    }

    // VHD

    @Test
    void vhdDynamicNewBlocks() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE).withBlockSize(512 << 10), 0, ChildSpec.DEFAULTS);
        int steps = interruptWrite(files, DiskWrite.pattern(7 * MIB - 1000, 700_000, 10));
        assertTrue(steps >= 8, "two allocations take at least eight steps, took " + steps);
    }

    @Test
    void vhdDynamicWriteIntoAnAllocatedBlock() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), 0, ChildSpec.DEFAULTS);
        interruptWrite(files, DiskWrite.pattern(3 * MIB + 333, 5000, 11));
    }

    @Test
    void vhdDifferencingNewBlockWithAPartialWrite() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), 1, ChildSpec.DEFAULTS);
        int steps = interruptWrite(files, DiskWrite.pattern(3 * MIB + 4096 + 17, 3000, 12));
        assertTrue(steps >= 5, "an allocation takes at least five steps, took " + steps);
    }

    @Test
    void vhdDifferencingWriteIntoAPartiallyPresentBlock() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE), 1, ChildSpec.DEFAULTS);
        interruptWrite(files, DiskWrite.pattern(5 * MIB + 100, 20_000, 13));
    }

    @Test
    void vhdDifferencingWriteAcrossAnAllocatedAndANewBlock() throws IOException {
        ChainFiles files = template("vhd", ImageSpec.dynamic(SIZE).withBlockSize(512 << 10), 2, ChildSpec.DEFAULTS);
        interruptWrite(files, DiskWrite.pattern(5 * MIB + 4096 + 511, 600_000, 14));
    }

    // VHDX

    @Test
    void vhdxDynamicFirstWriteOfASessionUpdatesTheHeaderThenAllocates() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), 0, ChildSpec.DEFAULTS);
        int steps = interruptWrite(files, DiskWrite.pattern(7 * MIB - 1000, 1_500_000, 20));
        assertTrue(steps >= 8, "a header update and allocations, took " + steps);
    }

    @Test
    void vhdxDynamicWriteIntoAnAllocatedBlock() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), 0, ChildSpec.DEFAULTS);
        interruptWrite(files, DiskWrite.pattern(3 * MIB + 1, 4000, 21));
    }

    @Test
    void vhdxDifferencingNewPayloadBlockAndNewSectorBitmapBlock() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), 0, ChildSpec.DEFAULTS);
        files.addChild(new ChildSpec(MIB, Optional.empty()));
        int steps = interruptWrite(files, DiskWrite.pattern(3 * MIB + 4096 + 17, 3000, 22));
        assertTrue(steps >= 9, "header update, payload and bitmap blocks, took " + steps);
    }

    @Test
    void vhdxDifferencingNewPayloadBlockWithAnExistingSectorBitmapBlock() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), 1, new ChildSpec(MIB,
                Optional.empty()));
        interruptWrite(files, DiskWrite.pattern(3 * MIB + 8192, 4096, 23));
    }

    @Test
    void vhdxDifferencingWriteIntoAPartiallyPresentBlock() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), 1, new ChildSpec(MIB,
                Optional.empty()));
        interruptWrite(files, DiskWrite.pattern(5 * MIB + 100, 20_000, 24));
    }

    @Test
    void vhdxDifferencingWholeBlockAndPartialBlockInOneWrite() throws IOException {
        ChainFiles files = template("vhdx", ImageSpec.dynamic(SIZE).withBlockSize(MIB), 1, new ChildSpec(MIB,
                Optional.empty()));
        interruptWrite(files, DiskWrite.pattern(2 * MIB, (int) MIB + 3000, 25));
    }

    // Creation and conversion

    private void interruptCreation(String name, ImageSpec spec) throws IOException {
        Path template = dir.resolve("empty");
        Files.createDirectories(template);
        int steps = crashAtEveryStep(template, (images, folder) -> images.create(folder.resolve(name), spec),
                (folder, completed, context) -> {
                    Path image = folder.resolve(name);
                    assertTrue(Files.exists(image) || !completed, context);
                    if (Files.exists(image)) {
                        DiskReads.assertSameBytes(new byte[(int) spec.size()],
                                DiskReads.readAll(new DiskImages(), image), context);
                        try (Chain chain = new DiskImages().open(image, false)) {
                            assertEquals(List.of(), chain.top().check(), context);
                        }
                    } else {
                        // Whatever an interrupted run left behind, running it again succeeds.
                        new DiskImages().create(image, spec);
                    }
                });
        assertTrue(steps >= 4, "create, write, flush, rename: took " + steps);
    }

    @Test
    void creatingAVhdAppearsWholeOrNotAtAll() throws IOException {
        interruptCreation("new.vhd", ImageSpec.dynamic(SIZE));
        interruptCreation("fixed.vhd", ImageSpec.fixed(SIZE));
    }

    @Test
    void creatingAVhdxAppearsWholeOrNotAtAll() throws IOException {
        interruptCreation("new.vhdx", ImageSpec.dynamic(SIZE));
        interruptCreation("fixed.vhdx", ImageSpec.fixed(SIZE).withBlockSize(MIB));
    }

    private void interruptChildCreation(String extension) throws IOException {
        ChainFiles files = template(extension, ImageSpec.dynamic(SIZE), 0, ChildSpec.DEFAULTS);
        String parent = files.top().getFileName().toString();
        String child = "child." + extension;
        byte[] parentBytes = Files.readAllBytes(files.top());
        crashAtEveryStep(files.folder(), (images, folder) -> images.createChild(folder.resolve(child),
                folder.resolve(parent)), (folder, completed, context) -> {
                    DiskReads.assertSameBytes(parentBytes, Files.readAllBytes(folder.resolve(parent)),
                            context + ": parent");
                    if (Files.exists(folder.resolve(child))) {
                        DiskReads.assertSameBytes(files.model().bytes(), DiskReads.readAll(new DiskImages(),
                                folder.resolve(child)), context);
                    } else {
                        assertFalse(completed, context);
                    }
                });
    }

    @Test
    void creatingAVhdChildAppearsWholeOrNotAtAllAndNeverTouchesTheParent() throws IOException {
        interruptChildCreation("vhd");
    }

    @Test
    void creatingAVhdxChildAppearsWholeOrNotAtAllAndNeverTouchesTheParent() throws IOException {
        interruptChildCreation("vhdx");
    }

    private void interruptConversion(String sourceExtension, String target, DiskType type) throws IOException {
        ChainFiles files = template(sourceExtension, ImageSpec.dynamic(SIZE), 1, ChildSpec.DEFAULTS);
        String source = files.top().getFileName().toString();
        String sourceDigest = FileDigests.sha256(files.top());
        int steps = crashAtEveryStep(files.folder(), (images, folder) -> new ImageConverter(images)
                .convert(folder.resolve(source), folder.resolve(target), type, ProgressListener.NONE),
                (folder, completed, context) -> {
                    assertEquals(sourceDigest, FileDigests.sha256(folder.resolve(source)), context + ": source");
                    Path output = folder.resolve(target);
                    if (Files.exists(output)) {
                        DiskReads.assertSameBytes(files.model().bytes(), DiskReads.readAll(new DiskImages(), output),
                                context);
                    } else {
                        assertFalse(completed, context);
                    }
                });
        assertTrue(steps >= 5, "took " + steps);
    }

    @Test
    void convertingAVhdChainToVhdxAppearsWholeOrNotAtAll() throws IOException {
        interruptConversion("vhd", "flat.vhdx", DiskType.DYNAMIC);
    }

    @Test
    void convertingAVhdxChainToVhdAppearsWholeOrNotAtAll() throws IOException {
        interruptConversion("vhdx", "flat.vhd", DiskType.DYNAMIC);
    }

    @Test
    void convertingToRawAppearsWholeOrNotAtAll() throws IOException {
        interruptConversion("vhdx", "flat.raw", DiskType.FIXED);
    }
}
