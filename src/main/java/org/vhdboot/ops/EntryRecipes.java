package org.vhdboot.ops;

import org.vhdboot.boot.BcdChange;

import java.util.List;
import java.util.UUID;

/** Turns a template name ({@code uefi}, {@code bios} or a file) into the elements of one boot entry. */
@FunctionalInterface
public interface EntryRecipes {

    /**
     * @param template a resolved template: {@code uefi}, {@code bios}, or the path of an ini file
     * @param vhd the device string after {@code vhd=}, e.g. {@code [C:]\VHD\Win11-Current.vhdx}
     */
    List<BcdChange.SetElement> elements(String template, UUID entry, String vhd) throws OperationException;
}
