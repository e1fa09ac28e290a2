package org.vhdboot.cli;

import org.vhdboot.boot.BootStoreException;
import org.vhdboot.boot.BootTemplateException;
import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.NoParentException;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.ProtectedImageException;
import org.vhdboot.disk.UnsupportedFormatException;
import org.vhdboot.files.NotAFileException;
import org.vhdboot.layout.OperationException;
import org.vhdboot.oci.OciException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;

import static org.vhdboot.cli.ExitCode.FailureRow.kind;
import static org.vhdboot.cli.ExitCode.FailureRow.type;

/**
 * The stable exit codes of every command, and which failure gets which: the table in docs/cli.md, word for word
 * ({@code ExitCodeTest} compares them).
 */
public enum ExitCode {
    OK(0, "success"),
    PROBLEMS(1, "the command ran and found problems (`vhd check`, `status`), a demo claim failed, or an internal"
            + " error (a failure vhdboot did not foresee, running out of memory or stack included: still one line,"
            + " `internal error: …`)"),
    USAGE(2, "bad command line: unknown option, bad value, impossible request (e.g. a VHD block size Windows"
            + " rejects)"),
    INVALID_IMAGE(3, "an image is missing, unreadable, truncated or corrupt"),
    PARENT(4, "a differencing image's parent is missing, is the wrong file, or was modified after the child was"
            + " made"),
    IO_ERROR(5, "input/output failure: disk full, permission denied, read-only folder"),
    PRECONDITION(6, "refused: the target is in use or is the running system's disk, a file is in the way (or a"
            + " folder, pipe, device or link where vhdboot keeps a file of its own), space is short (with `free_space = refuse`), BitLocker/compression/EFS on the host volume, the parent holds a"
            + " VHDX log that replaying would write into it, the layout is broken or missing, or a 32-bit Java runs"
            + " on Windows (`vhdboot.cmd` and the jar both refuse it: Windows hides System32\\bcdedit.exe and the"
            + " 64-bit virtdisk.dll from it)"),
    BUSY(7, "another vhdboot operation holds the layout's lock (`vhdboot.lock`, or `vhdboot.agent.lock` for agent"
            + " ticks)"),
    BOOT_STORE(8, "the boot store (bcdedit) refused or failed a command; rerun to complete"),
    NOT_ELEVATED(9, "administrator rights are needed: run from an elevated prompt"),
    DECLINED(10, "not confirmed: answered no, or needs `--yes` because nobody can answer"),
    REGISTRY(11, "the registry or image-layout folder failed or refused (`image push`, `pull`, `inspect`):"
            + " credentials refused, no such tag or blob, a digest mismatch, a malformed answer, unreachable after the"
            + " retries ([OCI artifacts](#failures))");

    /**
     * Every failure's code, in one table. The first row that matches decides, so a type comes before its
     * supertypes; a row with a kind matches only failures of that kind. Anything no row matches is an internal
     * error ({@link #PROBLEMS}).
     */
    static final List<FailureRow> FAILURES = List.of(
            // The use cases say what went wrong by kind; an unreadable or inconsistent layout file
            // (LayoutException) is a PRECONDITION.
            kind(OperationException.Kind.PRECONDITION, PRECONDITION),
            kind(OperationException.Kind.PARENT, PARENT),
            kind(OperationException.Kind.BUSY, BUSY),
            kind(OperationException.Kind.BOOT_STORE, BOOT_STORE),
            kind(OperationException.Kind.NOT_ELEVATED, NOT_ELEVATED),
            kind(OperationException.Kind.DECLINED, DECLINED),
            kind(OperationException.Kind.USAGE, USAGE),
            // Boot stores and entry recipes, when no use case said more.
            type(BootStoreException.class, BOOT_STORE),
            type(BootTemplateException.class, USAGE),
            // Registries and image-layout folders; a local disk failure of theirs is a plain IOException.
            kind(OciException.Kind.INVALID_REFERENCE, USAGE),
            kind(OciException.Kind.UNAUTHORIZED, REGISTRY),
            kind(OciException.Kind.NOT_FOUND, REGISTRY),
            kind(OciException.Kind.INTEGRITY, REGISTRY),
            kind(OciException.Kind.PROTOCOL, REGISTRY),
            kind(OciException.Kind.UNREACHABLE, REGISTRY),
            kind(OciException.Kind.UNSUPPORTED, REGISTRY),
            kind(OciException.Kind.BUSY, BUSY),
            // Images, by what is wrong with them.
            type(UnsupportedFormatException.class, USAGE),
            type(InvalidImageException.class, INVALID_IMAGE),
            type(NoSuchFileException.class, INVALID_IMAGE),
            type(ParentLinkException.class, PARENT),
            type(NoParentException.class, PRECONDITION),
            type(ProtectedImageException.class, PRECONDITION),
            type(FileAlreadyExistsException.class, PRECONDITION),
            // A folder, a pipe or a device where vhdboot keeps a file of its own: in the way.
            type(NotAFileException.class, PRECONDITION),
            // Any other input or output failure: disk full, permission denied, a Windows error.
            type(IOException.class, IO_ERROR));

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The exit code for a failure. */
    public static ExitCode of(Throwable failure) {
        return rowFor(failure).map(FailureRow::code).orElse(PROBLEMS);
    }

    /** The row of {@link #FAILURES} that decides {@code failure}'s code; empty for an internal error. */
    static Optional<FailureRow> rowFor(Throwable failure) {
        return FAILURES.stream().filter(row -> row.matches(failure)).findFirst();
    }

    /** One row: failures of {@code type}, and of {@code kind} when it is not null, exit with {@code code}. */
    record FailureRow(Class<? extends Throwable> type, Enum<?> kind, ExitCode code) {

        static FailureRow type(Class<? extends Throwable> type, ExitCode code) {
            return new FailureRow(type, null, code);
        }

        static FailureRow kind(OperationException.Kind kind, ExitCode code) {
            return new FailureRow(OperationException.class, kind, code);
        }

        static FailureRow kind(OciException.Kind kind, ExitCode code) {
            return new FailureRow(OciException.class, kind, code);
        }

        boolean matches(Throwable failure) {
            return type.isInstance(failure) && (kind == null || kind == kindOf(failure));
        }

        private static Enum<?> kindOf(Throwable failure) {
            if (failure instanceof OperationException operation) {
                return operation.kind();
            }
            return failure instanceof OciException oci ? oci.kind() : null;
        }
    }
}
