package org.vhdboot.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The byte ranges of an image file that its own structures occupy (headers, log, tables, locators), registered
 * as they are read, so that whatever is placed in the file later is checked against all of them in one way.
 */
public final class FileRegions {
    private final List<Region> regions = new ArrayList<>();

    /** One structure's bytes, from {@code start} up to {@code end}. */
    public record Region(String name, long start, long end) {
        public boolean overlaps(long from, long to) {
            return from < end && start < to;
        }

        public boolean overlaps(Region other) {
            return overlaps(other.start, other.end);
        }
    }

    /** Registers {@code length} bytes at {@code start} as {@code name}. */
    public Region add(String name, long start, long length) {
        Region region = new Region(name, start, start + length);
        regions.add(region);
        return region;
    }

    /** The first region registered that shares a byte with the {@code length} bytes at {@code start}. */
    public Optional<Region> overlapping(long start, long length) {
        for (Region region : regions) {
            if (region.overlaps(start, start + length)) {
                return Optional.of(region);
            }
        }
        return Optional.empty();
    }

    /** Whether a region registered shares a byte with the {@code length} bytes at {@code start}. */
    public boolean overlaps(long start, long length) {
        for (Region region : regions) {
            if (region.overlaps(start, start + length)) {
                return true;
            }
        }
        return false;
    }

    /** Where the last region ends; 0 when there is none. */
    public long end() {
        long end = 0;
        for (Region region : regions) {
            end = Math.max(end, region.end());
        }
        return end;
    }

    public List<Region> all() {
        return List.copyOf(regions);
    }
}
