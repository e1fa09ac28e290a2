package org.vhdboot.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Options shared by every command that works on a layout. */
final class LayoutOptions {
    @Option(names = "--layout", paramLabel = "DIR|INI",
            description = "the layout folder or its vhdboot.ini (default: the current directory)")
    Path layout;

    @Option(names = "--bcdedit", paramLabel = "PATH",
            description = "the bcdedit program to run (default: the ini's bcdedit, then $VHDBOOT_BCDEDIT, then PATH)")
    String bcdedit;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "disk engine: auto (virtdisk on Windows, java elsewhere), java or virtdisk")
    String engine;

    Optional<String> bcdeditOption() {
        return Optional.ofNullable(bcdedit);
    }
}
