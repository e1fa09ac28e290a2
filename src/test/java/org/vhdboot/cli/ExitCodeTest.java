package org.vhdboot.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.BcdeditStore;
import org.vhdboot.boot.BootTemplate;
import org.vhdboot.disk.DiskImages;
import org.vhdboot.disk.ImageSpec;
import org.vhdboot.disk.JavaDiskEngine;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.LayoutLock;
import org.vhdboot.layout.OperationException;
import org.vhdboot.oci.Digest;
import org.vhdboot.oci.LayoutFolderStore;
import org.vhdboot.oci.OciException;
import org.vhdboot.oci.OciReference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The one table from failures to exit codes: as documented, every kind in it, every row reached by a real failure. */
class ExitCodeTest {
    private static final Path CLI_DOC = Path.of("docs/cli.md");
    private static final Pattern CODE_ROW = Pattern.compile("^\\| (\\d+) \\| ([A-Z_]+) \\| (.+) \\|$");
    private static final Pattern OCI_ROW = Pattern.compile("^\\| ([a-zA-Z/ ]+) \\| .+ \\| (\\d+) \\(([A-Z_]+)\\) \\|$");

    @TempDir
    Path dir;

    @Test
    void docsListTheCodesWordForWord() throws IOException {
        List<String> documented = new ArrayList<>();
        for (String line : section("## Exit codes").lines().toList()) {
            Matcher row = CODE_ROW.matcher(line);
            if (row.matches()) {
                documented.add(row.group(1) + " " + row.group(2) + ": " + row.group(3));
            }
        }
        List<String> inCode = Arrays.stream(ExitCode.values())
                .map(code -> code.code() + " " + code.name() + ": " + code.meaning()).toList();
        assertEquals(inCode, documented);
    }

    @Test
    void everyKindOfUseCaseFailureHasARowOfItsOwn() {
        for (OperationException.Kind kind : OperationException.Kind.values()) {
            ExitCode.FailureRow row = ExitCode.rowFor(new OperationException(kind, "m")).orElseThrow();
            assertEquals(kind, row.kind(), "the row deciding " + kind);
        }
    }

    /** The OCI section's failure table names each kind by its words and gives its code. */
    @Test
    void everyKindOfRegistryFailureHasARowOfItsOwnWithTheDocumentedCode() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : section("### Failures").lines().toList()) {
            Matcher row = OCI_ROW.matcher(line);
            if (row.matches()) {
                documented.put(row.group(1), row.group(2) + " " + row.group(3));
            }
        }
        Map<String, String> inCode = new LinkedHashMap<>();
        for (OciException.Kind kind : OciException.Kind.values()) {
            OciException failure = new OciException(kind, "m");
            assertEquals(kind, ExitCode.rowFor(failure).orElseThrow().kind(), "the row deciding " + kind);
            inCode.put(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '), described(ExitCode.of(failure)));
        }
        // A local disk failure during a transfer is a plain IOException.
        inCode.put("local I/O", described(ExitCode.of(new IOException("No space left on device"))));
        assertEquals(inCode, documented);
    }

    /**
     * Real failures from the code that raises them (constructed only where nothing short reaches that kind): each
     * gets its code, and together they reach every row of the table, so a new row needs a case here.
     */
    @Test
    void everyRowDecidesARealFailure() throws Exception {
        Map<Throwable, ExitCode> cases = new LinkedHashMap<>();
        imageFailures(cases);
        layoutAndUseCaseFailures(cases);
        bootFailures(cases);
        registryFailures(cases);
        cases.put(new IllegalStateException("a bug"), ExitCode.PROBLEMS);

        Set<ExitCode.FailureRow> reached = new HashSet<>();
        for (Map.Entry<Throwable, ExitCode> c : cases.entrySet()) {
            assertEquals(c.getValue(), ExitCode.of(c.getKey()), c.getKey().getClass().getSimpleName() + ": "
                    + c.getKey().getMessage());
            ExitCode.rowFor(c.getKey()).ifPresent(reached::add);
        }
        List<ExitCode.FailureRow> unreached = ExitCode.FAILURES.stream().filter(row -> !reached.contains(row)).toList();
        assertEquals(List.of(), unreached, "rows no case reaches");
    }

    private void imageFailures(Map<Throwable, ExitCode> cases) throws IOException {
        DiskImages images = new DiskImages();
        Path base = dir.resolve("base.vhdx");
        images.create(base, ImageSpec.dynamic(8 << 20));
        Path child = dir.resolve("child.vhdx");
        images.createChild(child, base);

        cases.put(failure(() -> images.create(dir.resolve("notes.txt"), ImageSpec.dynamic(8 << 20))), ExitCode.USAGE);
        Path garbage = Files.write(dir.resolve("garbage.vhdx"), new byte[64 * 1024]);
        cases.put(failure(() -> images.open(garbage, false).close()), ExitCode.INVALID_IMAGE);
        cases.put(failure(() -> images.open(dir.resolve("missing.vhdx"), false).close()), ExitCode.INVALID_IMAGE);
        cases.put(failure(() -> images.create(base, ImageSpec.dynamic(8 << 20))), ExitCode.PRECONDITION);
        cases.put(failure(() -> new JavaDiskEngine(images).mergeIntoParent(base)), ExitCode.PRECONDITION);
        // The base has a child beside it, so a write to it is refused.
        cases.put(failure(() -> images.open(base, true).close()), ExitCode.PRECONDITION);
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        cases.put(failure(() -> images.create(notAFolder.resolve("a.vhdx"), ImageSpec.dynamic(8 << 20))),
                ExitCode.IO_ERROR);

        Path gone = dir.resolve("gone.vhdx");
        images.create(gone, ImageSpec.dynamic(8 << 20));
        Path orphan = dir.resolve("orphan.vhdx");
        images.createChild(orphan, gone);
        Files.delete(gone);
        cases.put(failure(() -> images.open(orphan, false).close()), ExitCode.PARENT);
    }

    private void layoutAndUseCaseFailures(Map<Throwable, ExitCode> cases) throws IOException {
        Path ini = Files.writeString(dir.resolve(Layout.INI_NAME), "not a layout\n", StandardCharsets.UTF_8);
        cases.put(failure(() -> LayoutFile.load(ini)), ExitCode.PRECONDITION);
        // Each kind is raised by many use cases; ops' own tests assert which one raises which.
        cases.put(new OperationException(OperationException.Kind.PARENT, "the parent Gold.vhdx is missing"),
                ExitCode.PARENT);
        cases.put(new OperationException(OperationException.Kind.BUSY, "busy"), ExitCode.BUSY);
        cases.put(new OperationException(OperationException.Kind.BOOT_STORE, "refused"), ExitCode.BOOT_STORE);
        cases.put(new OperationException(OperationException.Kind.NOT_ELEVATED, "elevate"), ExitCode.NOT_ELEVATED);
        cases.put(new OperationException(OperationException.Kind.DECLINED, "no"), ExitCode.DECLINED);
        cases.put(new OperationException(OperationException.Kind.USAGE, "--engine"), ExitCode.USAGE);
        Files.createDirectory(dir.resolve(LayoutLock.FILE_NAME)); // in the way
        cases.put(failure(() -> LayoutLock.acquire(dir, "reset")), ExitCode.PRECONDITION);
    }

    private void bootFailures(Map<Throwable, ExitCode> cases) {
        Path missing = dir.resolve("no-such-bcdedit");
        BcdeditStore store = new BcdeditStore(BcdeditCommands.systemStore(missing.toString()),
                BcdeditProcess.local(StandardCharsets.UTF_8));
        cases.put(failure(store::current), ExitCode.BOOT_STORE);
        cases.put(failure(() -> BootTemplate.resolve(dir.resolve("no-such-template.ini").toString())), ExitCode.USAGE);
    }

    private void registryFailures(Map<Throwable, ExitCode> cases) throws IOException {
        cases.put(failure(() -> OciReference.parse("")), ExitCode.USAGE);
        cases.put(failure(() -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e")), ExitCode.REGISTRY);
        Path emptyFolder = Files.createDirectory(dir.resolve("not-a-layout"));
        cases.put(failure(() -> LayoutFolderStore.open(emptyFolder).resolve("v1")), ExitCode.REGISTRY);
        for (OciException.Kind kind : List.of(OciException.Kind.UNAUTHORIZED, OciException.Kind.INTEGRITY,
                OciException.Kind.PROTOCOL, OciException.Kind.UNREACHABLE)) {
            cases.put(new OciException(kind, "m"), ExitCode.REGISTRY);
        }
        cases.put(new OciException(OciException.Kind.BUSY, "another transfer holds the partial file"), ExitCode.BUSY);
    }

    private static String described(ExitCode code) {
        return code.code() + " " + code.name();
    }

    private static String section(String heading) throws IOException {
        String text = Files.readString(CLI_DOC);
        int start = text.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, heading + " in " + CLI_DOC);
        int end = text.indexOf("\n#", start + heading.length() + 2);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Throwable failure(Action action) {
        try {
            action.run();
        } catch (Exception e) {
            return e;
        }
        return fail("expected a failure");
    }
}
