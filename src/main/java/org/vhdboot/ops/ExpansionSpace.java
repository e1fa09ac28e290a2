package org.vhdboot.ops;

import org.vhdboot.layout.FreeSpacePolicy;
import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;

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
        String message = shortfall(free, reclaimed, layout.child(role).file(), virtualSize);
        if (layout.freeSpace() == FreeSpacePolicy.REFUSE) {
            throw new OperationException(OperationException.Kind.PRECONDITION, operation + " refused: " + message
                    + " (free_space = refuse in " + Layout.INI_NAME + ")");
        }
        context.reporter().warn(message);
    }

    /**
     * What is short, in the words of {@code df}: the space the old child's file gives back once it is deleted is
     * counted toward the need but told apart, so a full volume never reads as one with room.
     */
    static String shortfall(long free, long reclaimed, String file, long needed) {
        String room = "the host volume has " + free / MIB + " MiB free"
                + (reclaimed > 0 ? " (" + (free + reclaimed) / MIB + " MiB once the old " + file + " is deleted)" : "");
        return room + ", but native boot expands " + file + " to its full " + needed / MIB + " MiB unless the image"
                + " sets VirtualDiskExpandOnMount=4";
    }
}
