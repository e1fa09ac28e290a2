package org.vhdboot.boot;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A place where boot entries live. The bcdedit store edits the Windows boot store; the script store writes the
 * same commands to a file for later; the none store is for people who manage entries themselves. Changes are
 * {@link BootChange} intents that each store renders its own way, and {@link #describe} gives that rendering as
 * text, so a dry run prints exactly what a real run does.
 */
public interface BootStore {

    /** Which kind of store this is, and so what the use cases can expect of it. */
    BootStoreKind kind();

    /** Whether entries can be read back; only a live store can. */
    boolean readable();

    /** The entry with this identifier, read back with its elements; empty if it does not exist. */
    Optional<BootEntry> entry(UUID id) throws BootStoreException;

    /** The boot manager's default, display order, timeout and one-time boot sequence. */
    BootManagerState manager() throws BootStoreException;

    /** The entry the running OS booted from ({@code {current}}), when the store can tell. */
    Optional<BootEntry> current() throws BootStoreException;

    /** Carries out one change; a failure leaves earlier changes, and earlier parts of this one, in place. */
    void apply(BootChange change) throws BootStoreException;

    /**
     * What {@link #apply} does for {@code change}, one text line per step, for dry runs and reports: the exact
     * command lines of the bcdedit and script stores, nothing for the none store.
     *
     * @throws IllegalArgumentException if the store cannot render a value of the change
     */
    List<String> describe(BootChange change);
}
