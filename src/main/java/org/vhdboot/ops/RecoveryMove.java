package org.vhdboot.ops;

import org.vhdboot.files.KeptFile;
import org.vhdboot.layout.ImageRef;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Recovery onto another version with a fresh child, as a reset of Recovery onto it: a confirmed switch moves it onto
 * the new version, a rollback back onto the previous one. Recovery holds nothing of the user's (the nightly cycle
 * resets it too). Done only when it is not on that version already: a rerun does nothing twice, and a Recovery that
 * stands there already (the version it stood on before the switch) is kept.
 */
final class RecoveryMove {
    private final OperationContext context;

    RecoveryMove(OperationContext context) {
        this.context = context;
    }

    /** Puts Recovery on {@code version} (in the file and in {@code layout}, which the caller saves). */
    void onto(Layout layout, ImageRef version) throws IOException, OperationException {
        Path recovery = layout.childPath(Role.RECOVERY);
        Path parent = layout.pathOf(version);
        FreshChild fresh = new FreshChild(context);
        if (needed(layout, version)) {
            refuseNotAFile(layout);
            if (context.platform().inUse(recovery)) {
                throw new OperationException(OperationException.Kind.PRECONDITION, layout.child(Role.RECOVERY).file()
                        + " is in use by another program (attached or open), so it cannot move onto " + version.name()
                        + "; detach it and run the command again");
            }
            fresh.put(layout, recovery, parent);
        }
        layout.setRecoveryVersion(version);
    }

    /** A folder, pipe or device in Recovery's place is never replaced: checked before a job starts, and again here. */
    static void refuseNotAFile(Layout layout) throws OperationException {
        if (KeptFile.isSomethingElse(layout.childPath(Role.RECOVERY))) {
            throw ParentCheck.notReplaced(layout.child(Role.RECOVERY).file(), "run the command again");
        }
    }

    /** The step {@link #onto} would take, as a plan says it. */
    String planned(Layout layout, ImageRef version) throws IOException {
        String recovery = layout.child(Role.RECOVERY).file();
        String parent = layout.pathOf(version).getFileName().toString();
        return needed(layout, version) ? "replace " + recovery + " with a fresh child of " + parent
                : "keep " + recovery + ", which stands on " + parent + " already";
    }

    private boolean needed(Layout layout, ImageRef version) throws IOException {
        return !new FreshChild(context).standsOn(layout.childPath(Role.RECOVERY), layout.pathOf(version));
    }
}
