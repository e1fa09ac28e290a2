package org.vhdboot.boot.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * What the Windows Boot Manager does to a stand-in store at a start: the first entry of the one-time boot sequence
 * starts and the sequence is consumed; without one, the default starts. The entry that started becomes
 * {@code {current}}, as bcdedit then shows it.
 */
public final class BootManager {
    private static final String BOOTMGR = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}";

    private BootManager() {
    }

    /** Starts the machine whose system store {@code bcdedit} keeps; returns the identifier that started. */
    public static String start(BcdeditDouble bcdedit) throws IOException {
        ObjectNode store = StoreFile.read(bcdedit.store());
        ObjectNode manager = (ObjectNode) store.get("objects").get(BOOTMGR).get("elements");
        String started;
        if (manager.has("bootsequence") && manager.get("bootsequence").size() > 0) {
            started = manager.get("bootsequence").get(0).asText();
            manager.set("bootsequence", FakeStore.guids());
        } else {
            started = manager.get("default").asText();
        }
        store.put("current", started);
        StoreFile.write(bcdedit.store(), store);
        return started;
    }
}
