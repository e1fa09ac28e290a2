package org.vhdboot.bench;

import org.vhdboot.cli.Console;
import org.vhdboot.cli.Services;
import org.vhdboot.disk.Chain;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;
import org.vhdboot.ops.ImageAddOperation;
import org.vhdboot.ops.ImageCommitOperation;
import org.vhdboot.ops.ImagePruneOperation;
import org.vhdboot.ops.InitOperation;
import org.vhdboot.ops.OperationContext;
import org.vhdboot.ops.TransferProgress;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What an update costs to carry to a machine: on a master layout over PARENT (its first 1 GiB written), an update
 * rewrites 2% of the 1 GiB in runs of RUN bytes and is committed; a lab layout over a copy of the same parent adds the
 * layer. Prints one TSV line: format, run, the parent's file size, the layer's file size (the bytes {@code image add}
 * moves) and stored bytes, and the medians of ROUNDS timed adds (each undone by {@code image prune}) and of copying the
 * whole parent file, the old way.
 * <pre>
 *   ImageAddBytes DIR PARENT RUN ROUNDS
 * </pre>
 */
public final class ImageAddBytes {
    private static final long GIB = 1L << 30;

    private ImageAddBytes() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path parent = Path.of(args[1]);
        int run = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String extension = parent.getFileName().toString().replaceAll(".*\\.", "");
        OperationContext context = quietContext();

        Path master = layoutOn(context, parent, dir.resolve("master"));
        Path current = LayoutFile.load(master.resolve(Layout.INI_NAME)).childPath(Role.CURRENT);
        update(current, run);
        ImageCommitOperation.Result commit = new ImageCommitOperation(context).run(
                LayoutFile.load(master.resolve(Layout.INI_NAME)), new ImageCommitOperation.Options("update",
                        Optional.empty(), false, TransferProgress.NONE));
        Path layer = master.resolve(commit.file());

        Path lab = layoutOn(context, parent, dir.resolve("lab"));
        List<Long> adds = new ArrayList<>();
        List<Long> copies = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long started = System.nanoTime();
            new ImageAddOperation(context).run(LayoutFile.load(lab.resolve(Layout.INI_NAME)),
                    new ImageAddOperation.Options(layer, Optional.empty(), false, TransferProgress.NONE));
            adds.add(System.nanoTime() - started);
            new ImagePruneOperation(context).run(LayoutFile.load(lab.resolve(Layout.INI_NAME)),
                    new ImagePruneOperation.Options(true, false));
            Path copy = dir.resolve("copy." + extension);
            started = System.nanoTime();
            Files.copy(parent, copy, StandardCopyOption.REPLACE_EXISTING);
            try (var channel = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            copies.add(System.nanoTime() - started);
            Files.delete(copy);
        }
        System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%d\t%d\t%.1f\t%.1f%n", extension, run, Files.size(parent),
                Files.size(layer), commit.storedBytes(), median(adds) / 1e6, median(copies) / 1e6);
    }

    private static OperationContext quietContext() throws Exception {
        Writer nowhere = Writer.nullWriter();
        Console quiet = new Console(new PrintWriter(nowhere), new PrintWriter(nowhere),
                new BufferedReader(new StringReader("")), false);
        return Services.system().withConsole(quiet).operations(Optional.empty(), "java");
    }

    /** A layout over a copy of {@code parent} in {@code folder}, with no boot store. */
    private static Path layoutOn(OperationContext context, Path parent, Path folder) throws Exception {
        Files.createDirectories(folder);
        Path copy = folder.resolve(parent.getFileName());
        Files.copy(parent, copy, StandardCopyOption.COPY_ATTRIBUTES);
        new InitOperation(context).run(new InitOperation.Options(copy, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("none"), Optional.empty(), false));
        return folder;
    }

    /** 2% of the first GiB rewritten in runs of {@code run} bytes at random places (fixed seed). */
    private static void update(Path image, int run) throws Exception {
        SplittableRandom random = new SplittableRandom(14);
        byte[] data = new byte[run];
        long runs = GIB / 50 / run;
        List<Long> places = new ArrayList<>();
        for (long i = 0; i < GIB / run; i++) {
            places.add(i);
        }
        Collections.shuffle(places, new java.util.Random(14));
        try (Chain chain = new DiskImages().open(image, true)) {
            for (int i = 0; i < runs; i++) {
                random.nextBytes(data);
                chain.write(places.get(i) * run, ByteBuffer.wrap(data));
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
