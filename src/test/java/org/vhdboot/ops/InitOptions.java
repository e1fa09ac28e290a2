package org.vhdboot.ops;

import java.nio.file.Path;
import java.util.Optional;

/** The options of {@code init} as a test spells them: the parent, then only what differs from the defaults. */
public final class InitOptions {
    private final Path parent;
    private Optional<String> name = Optional.empty();
    private Optional<String> template = Optional.empty();
    private Optional<Integer> timeout = Optional.empty();
    private Optional<String> storeFile = Optional.empty();
    private Optional<String> bootStore = Optional.empty();
    private Optional<String> bootFolder = Optional.empty();
    private boolean dryRun;

    private InitOptions(Path parent) {
        this.parent = parent;
    }

    public static InitOptions parent(Path parent) {
        return new InitOptions(parent);
    }

    public InitOptions name(String value) {
        name = Optional.of(value);
        return this;
    }

    public InitOptions template(String value) {
        template = Optional.of(value);
        return this;
    }

    public InitOptions timeout(int seconds) {
        timeout = Optional.of(seconds);
        return this;
    }

    public InitOptions storeFile(String value) {
        storeFile = Optional.of(value);
        return this;
    }

    public InitOptions bootStore(String value) {
        bootStore = Optional.of(value);
        return this;
    }

    public InitOptions bootFolder(String value) {
        bootFolder = Optional.of(value);
        return this;
    }

    public InitOptions dryRun() {
        dryRun = true;
        return this;
    }

    public InitOperation.Options build() {
        return new InitOperation.Options(parent, name, template, timeout, storeFile, bootStore, bootFolder, dryRun);
    }
}
