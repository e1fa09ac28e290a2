package org.vhdboot.disk.vhdx;

import org.vhdboot.disk.DiskFormat;
import org.vhdboot.disk.Layer;
import org.vhdboot.disk.ParentLink;
import org.vhdboot.disk.ParentLinkException;
import org.vhdboot.disk.ParentPaths;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A differencing VHDX's parent locator: paths to try, and the DataWriteGuid the parent must still have. */
final class VhdxParentLink implements ParentLink {
    private final ParentLocatorItem locator;
    private final long childSize;
    private final ParentPaths paths;

    VhdxParentLink(ParentLocatorItem locator, long childSize, ParentPaths paths) {
        this.locator = locator;
        this.childSize = childSize;
        this.paths = paths;
    }

    @Override
    public List<ParentCandidate> candidates(Path childFolder) {
        List<ParentCandidate> out = new ArrayList<>();
        String relative = locator.get(ParentLocatorItem.RELATIVE_PATH);
        paths.resolveRelative(childFolder, relative)
                .ifPresent(p -> out.add(new ParentCandidate(ParentLocatorItem.RELATIVE_PATH, relative, p)));
        String volume = locator.get(ParentLocatorItem.VOLUME_PATH);
        paths.resolveAbsolute(volume)
                .ifPresent(p -> out.add(new ParentCandidate(ParentLocatorItem.VOLUME_PATH, volume, p)));
        String absolute = locator.get(ParentLocatorItem.ABSOLUTE_WIN32_PATH);
        paths.resolveAbsolute(absolute)
                .ifPresent(p -> out.add(new ParentCandidate(ParentLocatorItem.ABSOLUTE_WIN32_PATH, absolute, p)));
        for (String stored : new String[] {relative, absolute, volume}) {
            if (stored != null && !stored.isBlank()) {
                paths.resolveRelative(childFolder, ParentPaths.fileName(stored))
                        .ifPresent(p -> out.add(new ParentCandidate("file name", stored, p)));
                break;
            }
        }
        return out;
    }

    @Override
    public List<String> verify(Layer parent) throws ParentLinkException {
        String parentName = parent.path().getFileName().toString();
        if (parent.format() != DiskFormat.VHDX) {
            throw new ParentLinkException("a VHDX child cannot have a " + parent.format() + " parent ("
                    + parentName + "); parent and child must be the same format");
        }
        UUID actual = parent.linkId().orElseThrow();
        UUID linkage = MsGuid.parseBraced(locator.get(ParentLocatorItem.PARENT_LINKAGE));
        UUID linkage2 = MsGuid.parseBraced(locator.get(ParentLocatorItem.PARENT_LINKAGE2));
        if (!actual.equals(linkage) && !actual.equals(linkage2)) {
            throw new ParentLinkException("parent " + parentName + " was modified after the child was made: the child"
                    + " links to DataWriteGuid " + locator.get(ParentLocatorItem.PARENT_LINKAGE)
                    + " but the parent's is now {" + actual + "}");
        }
        if (parent.virtualSize() != childSize) {
            throw new ParentLinkException("parent size mismatch: the child is " + childSize + " bytes but "
                    + parentName + " is " + parent.virtualSize());
        }
        return List.of();
    }

    @Override
    public Map<String, String> fields() {
        return new LinkedHashMap<>(locator.entries());
    }
}
