package org.vhdboot.boot;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A place where boot entries live. The bcdedit backend edits the Windows boot store; the script backend
 * writes the same commands to a file for later; the none backend is for people who manage entries
 * themselves. Changes are described as {@link BcdChange} values so a dry run can print exactly what a real
 * run executes.
 */
public interface BootStore {

    /** {@code bcdedit}, {@code script} or {@code none}. */
    String kind();

    /** Whether entries can be read back; only a live store can. */
    boolean readable();

    /** The entry with this identifier, read back with its elements; empty if it does not exist. */
    Optional<BootEntry> entry(UUID id) throws BootStoreException;

    /** The boot manager's default, display order, timeout and one-time boot sequence. */
    BootManagerState manager() throws BootStoreException;

    /** The entry the running OS booted from ({@code {current}}), when the store can tell. */
    Optional<BootEntry> current() throws BootStoreException;

    /** Carries out one change; a failure leaves earlier changes in place. */
    void apply(BcdChange change) throws BootStoreException;

    /** The exact command line {@link #apply} runs for {@code change}, for dry runs and scripts. */
    List<String> commandLine(BcdChange change);
}
