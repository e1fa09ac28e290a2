package org.vhdboot.windows.virtdisk;

import com.sun.jna.Pointer;
import com.sun.jna.Union;

/** A C union laid out by the Microsoft x64 rules on any machine; see {@link WindowsX64Structure}. */
public abstract class WindowsX64Union extends Union {

    protected WindowsX64Union() {
        super(null, ALIGN_MSVC);
    }

    protected WindowsX64Union(Pointer memory) {
        super(memory, ALIGN_MSVC);
    }

    @Override
    public int fieldOffset(String name) {
        return super.fieldOffset(name);
    }
}
