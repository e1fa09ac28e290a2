package org.vhdboot.windows;

import java.io.IOException;

/** Switches on a privilege the process token holds, such as SeManageVolumePrivilege before an attach. */
@FunctionalInterface
public interface Privileges {
    String MANAGE_VOLUME = "SeManageVolumePrivilege";

    void enable(String privilege) throws IOException;
}
