package org.vhdboot.cli;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options shared by every command that works on an existing layout, and reading that layout. */
final class LayoutOptions extends ToolOptions {
    @Option(names = "--layout", paramLabel = "DIR|INI",
            description = "the layout folder or its vhdboot.ini (default: the current directory)")
    Path layout;

    /** The layout {@code --layout} names, read. */
    Layout load() throws IOException, LayoutException {
        return LayoutFile.load(LayoutFile.locate(layout));
    }
}
