package org.vhdboot.cli;

import org.vhdboot.disk.InvalidImageException;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.ProtectedImageException;
import org.vhdboot.disk.UnsupportedFormatException;
import org.vhdboot.oci.OciException;
import org.vhdboot.ops.OperationException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** The stable exit codes of every command, documented in docs/cli.md. */
public enum ExitCode {
    OK(0, "success"),
    PROBLEMS(1, "the command ran and found problems (check), or an internal error"),
    USAGE(2, "bad command line: unknown option, bad value, missing argument"),
    INVALID_IMAGE(3, "an image is missing, unreadable or corrupt"),
    PARENT(4, "a differencing image's parent is missing, wrong or modified"),
    IO_ERROR(5, "input/output failure: disk full, permission denied, read-only folder"),
    PRECONDITION(6, "refused: the target is in use, exists, lacks space, or the layout is broken"),
    BUSY(7, "another vhdboot operation holds the layout's lock"),
    BOOT_STORE(8, "the boot store (bcdedit) failed"),
    NOT_ELEVATED(9, "administrator rights are required"),
    DECLINED(10, "not confirmed: answered no, or needs --yes when not on a terminal"),
    REGISTRY(11, "the registry or image-layout folder failed or refused");

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
        if (failure instanceof OperationException) {
            switch (((OperationException) failure).kind()) {
                case BUSY:
                    return BUSY;
                case BOOT_STORE:
                    return BOOT_STORE;
                case NOT_ELEVATED:
                    return NOT_ELEVATED;
                case DECLINED:
                    return DECLINED;
                case USAGE:
                    return USAGE;
                default:
                    return PRECONDITION;
            }
        }
        if (failure instanceof OciException) {
            return of(((OciException) failure).kind());
        }
        if (failure instanceof UnsupportedFormatException) {
            return USAGE;
        }
        if (failure instanceof InvalidImageException || failure instanceof NoSuchFileException) {
            return INVALID_IMAGE;
        }
        if (failure instanceof ParentLinkException) {
            return PARENT;
        }
        if (failure instanceof FileAlreadyExistsException || failure instanceof ProtectedImageException) {
            return PRECONDITION;
        }
        if (failure instanceof IOException) {
            return IO_ERROR;
        }
        return PROBLEMS;
    }

    /** A registry's or image-layout folder's failure: a bad reference is a usage error, a held part file busy. */
    private static ExitCode of(OciException.Kind kind) {
        switch (kind) {
            case INVALID_REFERENCE:
                return USAGE;
            case BUSY:
                return BUSY;
            default:
                return REGISTRY;
        }
    }
}
