package org.vhdboot.boot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** For people who manage boot entries themselves: every change is accepted and nothing happens. */
public final class NoBootStore implements BootStore {

    @Override
    public String kind() {
        return "none";
    }

    @Override
    public boolean readable() {
        return false;
    }

    @Override
    public Optional<BootEntry> entry(UUID id) {
        return Optional.empty();
    }

    @Override
    public BootManagerState manager() {
        return BootManagerState.unknown();
    }

    @Override
    public Optional<BootEntry> current() {
        return Optional.empty();
    }

    @Override
    public void apply(BcdChange change) {
        // Deliberately nothing: the user keeps the boot menu in their own hands.
    }

    /** Empty: there is no command to run or show. */
    @Override
    public List<String> commandLine(BcdChange change) {
        return List.of();
    }

    @Override
    public void backup(Path file) {
        // Nothing is changed, so there is nothing to back up.
    }
}
