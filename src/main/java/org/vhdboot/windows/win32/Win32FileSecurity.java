package org.vhdboot.windows.win32;

import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.WinNT;
import org.vhdboot.windows.FolderAccess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link FolderAccess.SecurityReader} through advapi32: the owner and the access control list, by SID. */
public final class Win32FileSecurity implements FolderAccess.SecurityReader {

    @Override
    public FolderAccess.Security read(Path path) throws IOException {
        try {
            WinNT.SECURITY_DESCRIPTOR_RELATIVE descriptor = Advapi32Util.getFileSecurityDescriptor(path.toFile(), false);
            // A descriptor without an owner names the null SID, which no trusted account is.
            String owner = descriptor.getOwner() == null ? "S-1-0-0" : descriptor.getOwner().getSidString();
            WinNT.ACL list = descriptor.getDiscretionaryACL();
            List<FolderAccess.Ace> aces = new ArrayList<>();
            if (list == null) {
                // No list at all: Windows grants everyone everything.
                aces.add(new FolderAccess.Ace(FolderAccess.EVERYONE, true, FolderAccess.GENERIC_ALL, 0));
            } else {
                for (WinNT.ACE_HEADER header : list.getACEs()) {
                    if (header instanceof WinNT.ACCESS_ACEStructure ace) {
                        aces.add(new FolderAccess.Ace(ace.getSidString(),
                                header.AceType == WinNT.ACCESS_ALLOWED_ACE_TYPE, ace.Mask, header.AceFlags & 0xFF));
                    }
                }
            }
            return new FolderAccess.Security(owner, aces);
        } catch (RuntimeException e) {
            // LastErrorException for a Windows error; anything else from reading the structures is no better.
            throw new IOException("cannot read who may change " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String accountName(String sid) {
        try {
            Advapi32Util.Account account = Advapi32Util.getAccountBySid(sid);
            return account.fqn != null && !account.fqn.isBlank() ? account.fqn : sid;
        } catch (RuntimeException e) {
            return sid;
        }
    }
}
