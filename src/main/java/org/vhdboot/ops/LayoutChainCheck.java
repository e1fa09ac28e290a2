package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutException;
import org.vhdboot.layout.LayoutFile;
import org.vhdboot.layout.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * For {@code vhd check} of a layout's Current: where the chain the image's own links make and the one
 * {@code vhdboot.ini} beside it records disagree. The images are the truth; the ini is only read.
 */
public final class LayoutChainCheck {
    private final OperationContext context;

    public LayoutChainCheck(OperationContext context) {
        this.context = context;
    }

    /**
     * The disagreements along Current's chain when {@code image} is the Current of a layout beside it; empty when it
     * is not one.
     *
     * @throws LayoutException when the layout beside it cannot be read
     */
    public Optional<List<String>> ofCurrent(Path image) throws IOException, LayoutException {
        Path ini = image.toAbsolutePath().getParent().resolve(Layout.INI_NAME);
        if (!Files.isRegularFile(ini)) {
            return Optional.empty();
        }
        Layout layout = LayoutFile.load(ini);
        Path current = layout.childPath(Role.CURRENT);
        if (!Files.exists(current) || !Files.exists(image) || !Files.isSameFile(current, image)) {
            return Optional.empty();
        }
        return Optional.of(new TreeCheck(context).currentChainDisagreements(layout));
    }
}
