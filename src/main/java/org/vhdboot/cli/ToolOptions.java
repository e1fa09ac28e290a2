package org.vhdboot.cli;

import picocli.CommandLine.Option;

import java.util.Optional;

/** The bcdedit program and the disk engine a command drives; {@link LayoutOptions} adds where the layout is. */
class ToolOptions {
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
