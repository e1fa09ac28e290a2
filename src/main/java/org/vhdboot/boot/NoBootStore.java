package org.vhdboot.boot;

import java.util.List;

/** For people who manage boot entries themselves: every change is accepted and nothing happens. */
public final class NoBootStore extends WriteOnlyBootStore {

    @Override
    public BootStoreKind kind() {
        return BootStoreKind.NONE;
    }

    @Override
    public void apply(BootChange change) {
        // Deliberately nothing: the user keeps the boot menu in their own hands.
    }

    /** Empty: there is nothing to run or show. */
    @Override
    public List<String> describe(BootChange change) {
        return List.of();
    }
}
