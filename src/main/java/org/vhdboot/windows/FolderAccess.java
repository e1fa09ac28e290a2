package org.vhdboot.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may change a layout folder on Windows. The agent acts on the folder's files as SYSTEM, so only
 * Administrators and SYSTEM may change them, or read them (a parent may hold secrets such as a machine
 * account password). The owner and the access control list are read
 * by SID ({@link SecurityReader}), so the answer does not depend on the display language, and the folder is
 * restricted with {@code icacls}, whose command line names the SIDs too.
 */
public final class FolderAccess {
    static final String SYSTEM = "S-1-5-18";
    static final String ADMINISTRATORS = "S-1-5-32-544";
    static final String TRUSTED_INSTALLER = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
    /** Stands for the creator of each new file: only someone who may create files there, judged by the other entries. */
    static final String CREATOR_OWNER = "S-1-3-0";
    /** Stands for the owner, who is judged on its own. */
    static final String OWNER_RIGHTS = "S-1-3-4";
    public static final String EVERYONE = "S-1-1-0";
    public static final int GENERIC_ALL = 0x10000000;

    /** Rights that change a file, what a folder holds, or who may do so. */
    static final int WRITE_RIGHTS = 0x2 /* write data, add file */ | 0x4 /* append data, add subfolder */
            | 0x40 /* delete child */ | 0x10000 /* delete */ | 0x40000 /* write DAC */ | 0x80000 /* write owner */
            | 0x10000000 /* generic all */ | 0x40000000 /* generic write */;
    static final int INHERITED_ACE = 0x10;

    /** One access control entry: whom it names, whether it allows or denies, the rights and the flags. */
    public record Ace(String sid, boolean allows, int mask, int flags) {
    }

    /** The owner and the access control list of a file or folder. */
    public record Security(String ownerSid, List<Ace> aces) {
    }

    /** Reads a file's owner and access control list, and names accounts for messages. */
    public interface SecurityReader {
        Security read(Path path) throws IOException;

        /** The account's name, such as {@code NT AUTHORITY\Authenticated Users}; the SID when it has none. */
        String accountName(String sid);
    }

    private final SecurityReader reader;
    private final WindowsPrograms runner;

    public FolderAccess(SecurityReader reader, WindowsPrograms runner) {
        this.reader = reader;
        this.runner = runner;
    }

    /**
     * The accounts besides Administrators, SYSTEM and TrustedInstaller that may change {@code path}: an owner
     * (who may always change the permissions) and every allowing entry with a write right. For a folder this
     * includes entries that only its new files inherit. Deny entries are not weighed: the answer errs on the
     * side of a warning.
     */
    public List<String> otherWriters(Path path) throws IOException {
        Security security = reader.read(path);
        Set<String> others = new LinkedHashSet<>();
        if (!trusted(security.ownerSid())) {
            others.add(reader.accountName(security.ownerSid()) + " (owner)");
        }
        for (Ace ace : security.aces()) {
            if (ace.allows() && (ace.mask() & WRITE_RIGHTS) != 0 && !trusted(ace.sid())
                    && !ace.sid().equals(CREATOR_OWNER) && !ace.sid().equals(OWNER_RIGHTS)) {
                others.add(reader.accountName(ace.sid()));
            }
        }
        return new ArrayList<>(others);
    }

    /**
     * Makes Administrators and SYSTEM the only accounts with access to {@code folder} and the files in it, with
     * Administrators as its owner: inheritance from the drive is cut, entries for anyone else that were set on
     * the folder itself are removed. Windows passes the new entries on to the files already in the folder.
     */
    public void restrict(Path folder) throws IOException {
        Security before = reader.read(folder);
        String name = folder.toString();
        run(List.of("icacls", name, "/inheritance:r", "/grant:r", "*" + ADMINISTRATORS + ":(OI)(CI)F",
                "*" + SYSTEM + ":(OI)(CI)F"), folder);
        List<String> explicitOthers = new ArrayList<>(List.of("icacls", name, "/remove:g"));
        before.aces().stream()
                .filter(ace -> ace.allows() && (ace.flags() & INHERITED_ACE) == 0)
                .map(Ace::sid)
                .filter(sid -> !sid.equals(ADMINISTRATORS) && !sid.equals(SYSTEM))
                .distinct()
                .forEach(sid -> explicitOthers.add("*" + sid));
        if (explicitOthers.size() > 3) {
            run(explicitOthers, folder);
        }
        if (!trusted(before.ownerSid())) {
            run(List.of("icacls", name, "/setowner", "*" + ADMINISTRATORS), folder);
        }
    }

    private void run(List<String> command, Path folder) throws IOException {
        ProgramOutput result = runner.run(command);
        if (!result.succeeded()) {
            throw new IOException("cannot restrict who may change " + folder + ": icacls exit " + result.exitCode()
                    + ": " + result.firstMessageLine());
        }
    }

    private static boolean trusted(String sid) {
        return sid.equals(ADMINISTRATORS) || sid.equals(SYSTEM) || sid.equals(TRUSTED_INSTALLER);
    }
}
