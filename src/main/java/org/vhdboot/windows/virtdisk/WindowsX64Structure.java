package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * A virtdisk structure laid out by the Microsoft x64 rules (natural alignment, at most 8), whatever the
 * machine computing the layout: the contract tests run on Linux and must see the same offsets Windows uses.
 */
public abstract class WindowsX64Structure extends Structure {

    protected WindowsX64Structure() {
        super(ALIGN_MSVC);
    }

    protected WindowsX64Structure(Pointer memory) {
        super(memory, ALIGN_MSVC);
    }

    /** The byte offset of a field; public so the layout contract tests can check it against the C headers. */
    @Override
    public int fieldOffset(String name) {
        return super.fieldOffset(name);
    }
}
