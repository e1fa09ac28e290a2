package org.vhdboot.ops;

import org.vhdboot.boot.BootElement;
import org.vhdboot.boot.FirmwareType;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.LayoutText;
import org.vhdboot.layout.OperationException;
import org.vhdboot.windows.Platforms;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The elements of a boot entry for one of the layout's children: the layout's template (auto picks by firmware) with
 * {@code vhd=[C:]\VHD\FILE} filled in. {@code init} makes Current's and Recovery's entries with it, {@code image switch}
 * the new slot's.
 */
final class EntryElements {
    private final OperationContext context;

    EntryElements(OperationContext context) {
        this.context = context;
    }

    /** The template the entries are made from: {@code uefi}, {@code bios} or a file. */
    String template(Layout layout) {
        if (!layout.template().equals("auto")) {
            return layout.template();
        }
        FirmwareType firmware = context.platform().firmwareType();
        if (firmware == FirmwareType.UNKNOWN) {
            context.reporter().warn("firmware type unknown; using the UEFI template (pass --template bios for BIOS)");
            return "uefi";
        }
        return firmware.name().toLowerCase(Locale.ROOT);
    }

    /** The elements of an entry that boots {@code file} of the layout folder. */
    List<BootElement> forFile(Layout layout, String template, String file) throws OperationException {
        return context.recipes().elements(template, vhdDevice(layout, file));
    }

    /**
     * {@code [C:]\VHD\Win11-Current.vhdx}: the host partition and path that {@code vhd=} expects. On Windows it
     * is the folder as this system sees it now, since bcdedit turns the letter into the partition's identity:
     * a letter remembered from another system (the host's C: seen from Recovery as D:) would name the wrong
     * partition. The stored boot folder serves preparation outside Windows.
     */
    private String vhdDevice(Layout layout, String file) throws OperationException {
        String folder = context.platform().isWindows() && Platforms.runningOnWindows()
                ? layout.folder().toString()
                : layout.bootFolder().orElseThrow(() -> new OperationException(OperationException.Kind.USAGE,
                "--boot-folder is needed outside Windows: the layout folder as Windows will see it, e.g. C:\\VHD"));
        Optional<String> problem = BootFolder.problem(folder);
        if (problem.isPresent()) {
            throw new OperationException(OperationException.Kind.USAGE, "boot folder '" + LayoutText.shown(folder)
                    + "' " + problem.get());
        }
        return BootFolder.vhdDevice(folder, file);
    }
}
