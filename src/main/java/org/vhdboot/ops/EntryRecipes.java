package org.vhdboot.ops;

import org.vhdboot.boot.BootElement;

import java.util.List;

/** Turns a template name ({@code uefi}, {@code bios} or a file) into the elements of one boot entry. */
@FunctionalInterface
public interface EntryRecipes {

    /**
     * @param template a resolved template: {@code uefi}, {@code bios}, or the path of an ini file
     * @param vhd the device string after {@code vhd=}, e.g. {@code [C:]\VHD\Win11-Current.vhdx}
     */
    List<BootElement> elements(String template, String vhd) throws OperationException;
}
