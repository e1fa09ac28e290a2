package org.vhdboot.ops;

import org.vhdboot.boot.BootStore;

import java.nio.charset.Charset;
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
    public static final String BCDEDIT_VARIABLE = "VHDBOOT_BCDEDIT";

    private final Optional<String> bcdeditOption;
    private final Map<String, String> environment;
    private final Charset consoleCharset;

    public BootStores(Optional<String> bcdeditOption, Map<String, String> environment, Charset consoleCharset) {
        this.bcdeditOption = bcdeditOption;
        this.environment = Map.copyOf(environment);
        this.consoleCharset = consoleCharset;
    }

    /** Option, then ini, then environment, then {@code bcdedit} on PATH. */
    public String bcdeditPath(Layout layout) {
        return bcdeditOption.or(layout::bcdedit).or(() -> Optional.ofNullable(environment.get(BCDEDIT_VARIABLE)))
                .orElse("bcdedit");
    }

    public static Path scriptPath(Layout layout) {
        return layout.folder().resolve(SCRIPT_FILE);
    }

    @Override
    public BootStore open(Layout layout) throws OperationException {
        throw new OperationException(OperationException.Kind.BOOT_STORE, "boot store " + layout.bootStore()
                + " is not wired yet (bcdedit " + bcdeditPath(layout) + ", " + consoleCharset + ")");
    }
}
