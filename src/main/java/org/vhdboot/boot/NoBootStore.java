package org.vhdboot.boot;

import java.util.List;

/** For people who manage boot entries themselves: every change is accepted and nothing happens. */
public final class NoBootStore extends WriteOnlyBootStore {

    @Override
    public String kind() {
        return "none";
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
}
