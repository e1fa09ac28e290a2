package org.vhdboot.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by every command that works on an existing layout. */
final class LayoutOptions extends ToolOptions {
    @Option(names = "--layout", paramLabel = "DIR|INI",
            description = "the layout folder or its vhdboot.ini (default: the current directory)")
    Path layout;
}
