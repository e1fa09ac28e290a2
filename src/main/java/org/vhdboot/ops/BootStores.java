package org.vhdboot.ops;

import org.vhdboot.boot.BcdeditCommands;
import org.vhdboot.boot.BcdeditProcess;
import org.vhdboot.boot.BcdeditStore;
import org.vhdboot.boot.BootStore;
import org.vhdboot.boot.NoBootStore;
import org.vhdboot.boot.ScriptStore;
import org.vhdboot.layout.Layout;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the boot store a layout names: {@code bcdedit} (the live store, or an offline file with
 * {@code /store}), {@code script} (commands written to {@value #SCRIPT_FILE} beside the layout), or
 * {@code none}. The bcdedit executable comes from the command line, the ini, {@code VHDBOOT_BCDEDIT}, or PATH.
 */
public final class BootStores implements BootStoreFactory {
    public static final String SCRIPT_FILE = "vhdboot-boot-entries.cmd";
    public static final String REMOVAL_SCRIPT_FILE = "vhdboot-remove-entries.cmd";

    private final Optional<String> bcdeditOption;
    private final Map<String, String> environment;
    private final BcdeditProcess process;

    /** @param process how bcdedit runs: its process runner, the console code page it writes in, its timeout */
    public BootStores(Optional<String> bcdeditOption, Map<String, String> environment, BcdeditProcess process) {
        this.bcdeditOption = bcdeditOption;
        this.environment = Map.copyOf(environment);
        this.process = process;
    }

    /** Option, then ini, then environment, then {@code bcdedit} on PATH. */
    public String bcdeditPath(Layout layout) {
        return BcdeditCommands.chooseExecutable(bcdeditOption, layout.bcdedit(), environment);
    }

    public static Path scriptPath(Layout layout) {
        return layout.folder().resolve(SCRIPT_FILE);
    }

    @Override
    public BootStore openScript(Layout layout, Path script) {
        return new ScriptStore(script, commands(layout));
    }

    private BcdeditCommands commands(Layout layout) {
        String executable = bcdeditPath(layout);
        return layout.storeFile()
                .map(store -> BcdeditCommands.offlineStore(executable, layout.folder().resolve(store)))
                .orElse(BcdeditCommands.systemStore(executable));
    }

    @Override
    public BootStore open(Layout layout) {
        BcdeditCommands commands = commands(layout);
        return switch (layout.bootStore()) {
            case BCDEDIT -> new BcdeditStore(commands, process);
            case SCRIPT -> new ScriptStore(scriptPath(layout), commands);
            case NONE -> new NoBootStore();
        };
    }
}
