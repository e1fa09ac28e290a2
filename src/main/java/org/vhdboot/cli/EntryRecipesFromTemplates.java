package org.vhdboot.cli;

import org.vhdboot.boot.BootElement;
import org.vhdboot.boot.BootTemplate;
import org.vhdboot.boot.BootTemplateException;
import org.vhdboot.ops.EntryRecipes;
import org.vhdboot.ops.OperationException;

import java.util.List;

/** Boot entry elements from the recipes in bcd-templates/. */
final class EntryRecipesFromTemplates implements EntryRecipes {
    static final EntryRecipesFromTemplates INSTANCE = new EntryRecipesFromTemplates();

    @Override
    public List<BootElement> elements(String template, String vhd) throws OperationException {
        try {
            return BootTemplate.resolve(template).elementsFor(vhd);
        } catch (BootTemplateException e) {
            throw new OperationException(OperationException.Kind.USAGE, e.getMessage(), e);
        }
    }
}
