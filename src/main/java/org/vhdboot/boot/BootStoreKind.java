package org.vhdboot.boot;

import java.util.Arrays;
import java.util.List;

/**
 * The kinds of boot store a layout can name ({@code boot_store} in vhdboot.ini, {@code --boot-store}), and what
 * each means for the use cases, so they ask the kind instead of comparing names.
 */
public enum BootStoreKind {
    /** The Windows boot store, changed at once through bcdedit ({@link BcdeditStore}). */
    BCDEDIT("bcdedit"),
    /** bcdedit command lines written to a script that an administrator runs on Windows later ({@link ScriptStore}). */
    SCRIPT("script"),
    /** No entries at all: the administrator keeps the boot menu in their own hands ({@link NoBootStore}). */
    NONE("none");

    /** The choices as messages list them: {@code bcdedit, script or none}. */
    public static final String CHOICES = choices();

    private final String key;

    BootStoreKind(String key) {
        this.key = key;
    }

    /**
     * The kind named {@code value}, exactly as vhdboot.ini and the command line spell it.
     *
     * @throws IllegalArgumentException with a one-line message for any other value
     */
    public static BootStoreKind parse(String value) {
        return Arrays.stream(values()).filter(kind -> kind.key.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown boot store '" + value + "'; use " + CHOICES));
    }

    /** The name in vhdboot.ini and on the command line. */
    public String key() {
        return key;
    }

    /** Whether vhdboot makes boot entries in this store at all, and so needs a template and a boot folder. */
    public boolean makesEntries() {
        return this != NONE;
    }

    /**
     * Whether a change reaches the boot manager at once, as the agent's unattended restarts need: a one-time boot
     * written to a script waits for an administrator, and {@code none} makes none.
     */
    public boolean changesBootAtOnce() {
        return this == BCDEDIT;
    }

    /** The setting as messages quote it, with its meaning: {@code boot_store = none (vhdboot makes no boot entries)}. */
    public String describe() {
        return "boot_store = " + key + switch (this) {
            case BCDEDIT -> "";
            case SCRIPT -> " (vhdboot's boot changes wait in a script for an administrator to run)";
            case NONE -> " (vhdboot makes no boot entries)";
        };
    }

    /** Whether changes are written down for later instead of carried out: the script is rewritten whole. */
    public boolean writesScript() {
        return this == SCRIPT;
    }

    /** Whether the store is backed up before vhdboot's first change (a script's admin makes their own backup). */
    public boolean backsUpFirst() {
        return this == BCDEDIT;
    }

    /** Whether the store can only be reached on Windows, where bcdedit is. */
    public boolean needsWindows() {
        return this == BCDEDIT;
    }

    /** How command output names a change: {@code would run} in a dry run, else {@code ran} or {@code scripted}. */
    public String changeLabel(boolean dryRun) {
        if (dryRun) {
            return "would run";
        }
        return writesScript() ? "scripted" : "ran";
    }

    private static String choices() {
        List<String> keys = Arrays.stream(values()).map(BootStoreKind::key).toList();
        return String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.get(keys.size() - 1);
    }
}
