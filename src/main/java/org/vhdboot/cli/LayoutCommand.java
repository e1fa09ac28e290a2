package org.vhdboot.cli;

import org.vhdboot.ops.Layout;
import org.vhdboot.ops.LayoutException;
import org.vhdboot.ops.LayoutFile;

import java.io.IOException;

/** Finding and reading the layout a command works on. */
final class LayoutCommand {
    private LayoutCommand() {
    }

    static Layout load(LayoutOptions options) throws IOException, LayoutException {
        return LayoutFile.load(LayoutFile.locate(options.layout));
    }
}
