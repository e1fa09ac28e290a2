package org.vhdboot.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.vhdboot.disk.ByteUnits.MIB;

/**
 * Native boot expands a child to its full virtual size unless the image sets VirtualDiskExpandOnMount=4; a host
 * volume without that room fails to boot with bug check 0x136. Checked before a fresh child replaces one, as
 * {@code free_space} says: warn, refuse or ignore.
 */
final class ExpansionSpace {
    private final OperationContext context;

    ExpansionSpace(OperationContext context) {
        this.context = context;
    }

    /**
     * @param keepOld whether the old child's file stays (kept, or frozen as a snapshot), so its space is not freed
     * @param virtualSize the parent's, as already verified: opening a 2 TiB parent again costs its whole BAT
     * @param operation for the refusal: {@code reset}, {@code snapshot create}
     */
    void check(Layout layout, Role role, boolean keepOld, long virtualSize, String operation)
            throws IOException, OperationException {
        if (layout.freeSpace() == FreeSpacePolicy.IGNORE) {
            return;
        }
        Path target = layout.childPath(role);
        long free = context.platform().volumeFacts(layout.folder()).freeBytes();
        long reclaimed = !keepOld && Files.exists(target) ? Files.size(target) : 0;
        if (free + reclaimed >= virtualSize) {
            return;
        }
        String message = "the host volume has " + (free + reclaimed) / MIB + " MiB free, but native boot"
                + " expands " + layout.child(role).file() + " to its full " + virtualSize / MIB + " MiB unless"
                + " the image sets VirtualDiskExpandOnMount=4";
        if (layout.freeSpace() == FreeSpacePolicy.REFUSE) {
            throw new OperationException(OperationException.Kind.PRECONDITION, operation + " refused: " + message
                    + " (free_space = refuse in " + Layout.INI_NAME + ")");
        }
        context.reporter().warn(message);
    }
}
