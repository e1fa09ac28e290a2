package org.vhdboot.disk;

import java.time.Clock;

/**
 * What a {@link FormatDriver} needs from outside besides the file.
 *
 * @param clock time stamps written into new images
 * @param paths how parent paths are written into children and resolved from them
 * @param refuseUnfinishedWrites whether a read-only open refuses a file that still records an interrupted
 *                               write (a non-empty VHDX log) rather than finishing it in memory
 */
public record FormatContext(Clock clock, ParentPaths paths, boolean refuseUnfinishedWrites) {

    public FormatContext refusingUnfinishedWrites() {
        return new FormatContext(clock, paths, true);
    }

    public FormatContext finishingUnfinishedWrites() {
        return new FormatContext(clock, paths, false);
    }
}
