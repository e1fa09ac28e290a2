package org.vhdboot.ops;

import org.vhdboot.boot.BootElement;
import org.vhdboot.boot.BootTemplate;
import org.vhdboot.boot.BootTemplateException;
import org.vhdboot.layout.OperationException;

import java.util.List;

/** Turns a template name ({@code uefi}, {@code bios} or a file) into the elements of one boot entry. */
@FunctionalInterface
public interface EntryRecipes {

    /** The recipes in bcd-templates/ ({@link BootTemplate}); an unusable template is a usage error. */
    EntryRecipes FROM_TEMPLATES = (template, vhd) -> {
        try {
            return BootTemplate.resolve(template).elementsFor(vhd);
        } catch (BootTemplateException e) {
            throw new OperationException(OperationException.Kind.USAGE, e.getMessage(), e);
        }
    };

    /**
     * @param template a resolved template: {@code uefi}, {@code bios}, or the path of an ini file
     * @param vhd the device string after {@code vhd=}, e.g. {@code [C:]\VHD\Win11-Current.vhdx}
     */
    List<BootElement> elements(String template, String vhd) throws OperationException;
}
