package org.vhdboot.cli;

import org.vhdboot.boot.BcdChange;
import org.vhdboot.boot.BootTemplate;
import org.vhdboot.boot.BootTemplateException;
import org.vhdboot.ops.EntryRecipes;
import org.vhdboot.ops.OperationException;

import java.util.List;
import java.util.UUID;

/** Boot entry elements from the recipes in bcd-templates/. */
final class EntryRecipesFromTemplates implements EntryRecipes {
    static final EntryRecipesFromTemplates INSTANCE = new EntryRecipesFromTemplates();

    @Override
    public List<BcdChange.SetElement> elements(String template, UUID entry, String vhd) throws OperationException {
        try {
            return BootTemplate.resolve(template).changes(entry, vhd);
        } catch (BootTemplateException e) {
            throw new OperationException(OperationException.Kind.USAGE, e.getMessage(), e);
        }
    }
}
