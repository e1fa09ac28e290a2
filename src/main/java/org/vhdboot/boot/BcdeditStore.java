package org.vhdboot.boot;

import org.vhdboot.process.ProcessResult;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The Windows boot store, edited and read through bcdedit.
 * <p>
 * bcdedit's words are localized and its exit codes undocumented, so this class trusts only three things: exit
 * code 0 means success, {@code /enum ... /v} output parsed by {@link BcdeditOutputParser}, and GUIDs. Every
 * change is confirmed by reading the object back; a change bcdedit claims but the store does not show is an
 * error.
 * <p>
 * <b>Telling a missing object from a failure.</b> {@code /enum {id}} of a missing object exits non-zero with a
 * localized message that cannot be matched reliably. So after a non-zero {@code /enum {id}}, the store is
 * listed whole with {@code /enum all /v}: if that succeeds and does not contain the object, it is missing;
 * otherwise the original failure (no rights, unreadable store, ...) is reported with bcdedit's own message.
 */
public final class BcdeditStore implements BootStore {

    private static final int MESSAGE_LINES = 3;

    private final BcdeditCommands commands;
    private final BcdeditProcess process;

    /**
     * @param commands which bcdedit to run, and on which store
     * @param process  how bcdedit is run and its output decoded
     */
    public BcdeditStore(BcdeditCommands commands, BcdeditProcess process) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.process = Objects.requireNonNull(process, "process");
    }

    @Override
    public BootStoreKind kind() {
        return BootStoreKind.BCDEDIT;
    }

    @Override
    public boolean readable() {
        return true;
    }

    @Override
    public Optional<BootEntry> entry(UUID id) throws BootStoreException {
        boolean isVirtual = BcdIdentifiers.CURRENT.equals(id) || BcdIdentifiers.DEFAULT.equals(id);
        return lookup(BcdIdentifiers.commandForm(id), isVirtual ? Optional.empty() : Optional.of(id));
    }

    @Override
    public BootManagerState manager() throws BootStoreException {
        return lookup("{bootmgr}", Optional.of(BcdIdentifiers.BOOTMGR))
                .map(BootManagerState::of)
                .orElse(BootManagerState.unknown());
    }

    @Override
    public Optional<BootEntry> current() throws BootStoreException {
        return lookup("{current}", Optional.empty());
    }

    /**
     * Runs the change's command lines in order, each confirmed by reading the store back before the next runs.
     * Every command line is rendered first, so a value no command line can carry changes nothing.
     */
    @Override
    public void apply(BootChange change) throws BootStoreException {
        List<BcdChange> steps = BcdChange.of(change);
        List<List<String>> commandLines = steps.stream().map(commands::forChange).toList();
        for (int i = 0; i < steps.size(); i++) {
            List<String> argv = commandLines.get(i);
            ProcessResult result = run(argv);
            if (result.exitCode() != 0) {
                throw failure(argv, result);
            }
            confirm(steps.get(i), argv);
        }
    }

    @Override
    public List<String> describe(BootChange change) {
        return commands.commandLines(change).stream().map(WindowsCommandLine::forConsole).toList();
    }

    /**
     * Reads one object with {@code /enum TARGET /v}. With {@code expected}, the answer must list that GUID;
     * without it (virtual targets such as {@code {current}}), the first object listed is the answer.
     */
    private Optional<BootEntry> lookup(String target, Optional<UUID> expected) throws BootStoreException {
        List<String> argv = commands.enumerate(target);
        ProcessResult result = run(argv);
        if (result.exitCode() == 0) {
            BcdeditListing listing = BcdeditOutputParser.parse(result.stdout(), process.outputCharset());
            return expected.isPresent() ? listing.find(expected.get()) : listing.first();
        }
        ProcessResult whole = run(commands.enumerate("all"));
        if (whole.exitCode() == 0) {
            BcdeditListing listing = BcdeditOutputParser.parse(whole.stdout(), process.outputCharset());
            if (expected.isEmpty() || listing.find(expected.get()).isEmpty()) {
                return Optional.empty();
            }
        }
        throw failure(argv, result);
    }

    private void confirm(BcdChange change, List<String> argv) throws BootStoreException {
        boolean confirmed;
        if (change instanceof BcdChange.CreateLoader create) {
            confirmed = entry(create.id()).isPresent();
        } else if (change instanceof BcdChange.SetElement set) {
            confirmed = entry(set.id()).map(entry -> entry.shows(set.element(), set.value())).orElse(false);
        } else if (change instanceof BcdChange.DeleteEntry delete) {
            confirmed = entry(delete.id()).isEmpty();
        } else if (change instanceof BcdChange.SetDefault setDefault) {
            Optional<UUID> target = storedId(setDefault.id());
            confirmed = target.isPresent() && manager().defaultEntry().equals(target);
        } else if (change instanceof BcdChange.DisplayOrderAddLast last) {
            confirmed = listedIn(storedId(last.id()), manager().displayOrder());
        } else if (change instanceof BcdChange.DisplayOrderAddFirst first) {
            confirmed = listedIn(storedId(first.id()), manager().displayOrder());
        } else if (change instanceof BcdChange.SetTimeout timeout) {
            confirmed = manager().timeout().equals(Optional.of(timeout.seconds()));
        } else if (change instanceof BcdChange.BootSequence sequence) {
            confirmed = listedIn(storedId(sequence.id()), manager().bootSequence());
        } else if (change instanceof BcdChange.BootSequenceRemove cancel) {
            confirmed = !listedIn(storedId(cancel.id()), manager().bootSequence());
        } else if (change instanceof BcdChange.Export export) {
            confirmed = Files.isRegularFile(export.file());
        } else {
            confirmed = false;
        }
        if (!confirmed) {
            throw new BootStoreException(WindowsCommandLine.forConsole(argv)
                    + " reported success, but the boot store does not show the change.");
        }
    }

    /** The GUID actually stored for {@code id}: virtual identifiers are resolved by reading them. */
    private Optional<UUID> storedId(UUID id) throws BootStoreException {
        if (BcdIdentifiers.CURRENT.equals(id) || BcdIdentifiers.DEFAULT.equals(id)) {
            return entry(id).map(BootEntry::id);
        }
        return Optional.of(id);
    }

    private static boolean listedIn(Optional<UUID> id, List<UUID> list) {
        return id.isPresent() && list.contains(id.get());
    }

    private ProcessResult run(List<String> argv) throws BootStoreException {
        try {
            return process.runner().run(argv, process.timeout());
        } catch (TimeoutException tooSlow) {
            throw new BootStoreException(WindowsCommandLine.forConsole(argv) + " did not finish within "
                    + readable(process.timeout()) + " and was stopped.", tooSlow);
        } catch (IOException cannotRun) {
            // ProcessBuilder's own message repeats the program name; the reason is in its cause.
            Throwable reason = cannotRun.getCause() != null ? cannotRun.getCause() : cannotRun;
            throw new BootStoreException("Cannot run " + argv.get(0) + ": " + reason.getMessage(), reason);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new BootStoreException("Interrupted while waiting for " + argv.get(0) + ".", interrupted);
        }
    }

    private static String readable(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        return millis == 1000 ? "1 second" : millis / 1000 + " seconds";
    }

    /** A one-line error carrying bcdedit's own (localized) explanation. */
    private BootStoreException failure(List<String> argv, ProcessResult result) {
        String message = firstLines(result.stderr());
        if (message.isEmpty()) {
            message = firstLines(result.stdout());
        }
        String command = WindowsCommandLine.forConsole(argv);
        return new BootStoreException(message.isEmpty()
                ? command + " failed with exit code " + result.exitCode() + " and printed no message."
                : command + " failed with exit code " + result.exitCode() + ": " + message);
    }

    private String firstLines(byte[] output) {
        return new String(output, process.outputCharset()).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .limit(MESSAGE_LINES)
                .reduce((first, second) -> first + " " + second)
                .orElse("");
    }
}
