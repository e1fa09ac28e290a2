package org.vhdboot.windows.virtdisk;

import org.vhdboot.windows.AttachedDisk;
import org.vhdboot.windows.DiskAttacher;
import org.vhdboot.windows.DiskVolumes;
import org.vhdboot.windows.DriveLetter;
import org.vhdboot.windows.Privileges;
import org.vhdboot.windows.WindowsErrorException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attaches with PERMANENT_LIFETIME, so the disk outlives vhdboot's handle, and detaches by reopening the
 * image with DETACH access. A requested drive letter is assigned after the attach, once Windows has
 * mounted the disk's volume; an attach itself is never undone for want of a letter.
 */
public final class VirtDiskAttacher implements DiskAttacher {
    private static final Pattern PHYSICAL_DRIVE = Pattern.compile("(?i)\\\\\\\\\\.\\\\PhysicalDrive(\\d+)");

    /** Waits between looks for the attached disk's volumes, which Windows mounts asynchronously. */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final VirtualDiskApi api;
    private final Privileges privileges;
    private final DiskVolumes volumes;
    private final Pause pause;
    private final Duration pollInterval;
    private final int polls;

    public VirtDiskAttacher(VirtualDiskApi api, Privileges privileges, DiskVolumes volumes, Pause pause,
            Duration pollInterval, int polls) {
        this.api = api;
        this.privileges = privileges;
        this.volumes = volumes;
        this.pause = pause;
        this.pollInterval = pollInterval;
        this.polls = polls;
    }

    @Override
    public AttachedDisk attach(Path image, boolean readOnly, Optional<String> driveLetter) throws IOException {
        Optional<String> letter = driveLetter.map(DriveLetter::parse);
        privileges.enable(Privileges.MANAGE_VOLUME);
        int flags = VirtDisk.ATTACH_FLAG_PERMANENT_LIFETIME
                | (readOnly ? VirtDisk.ATTACH_FLAG_READ_ONLY : 0)
                | (letter.isPresent() ? VirtDisk.ATTACH_FLAG_NO_DRIVE_LETTER : 0);
        String device;
        try (VirtualDiskHandle disk = api.open(image, VirtDisk.OPEN_FLAG_NONE,
                OpenVirtualDiskParametersV2.of(false, readOnly), readOnly ? "a read-only attach" : "an attach")) {
            api.attach(disk, flags);
            device = api.physicalPath(disk);
        }
        List<String> notes = new ArrayList<>();
        List<String> found = volumesOf(device, notes);
        if (letter.isPresent()) {
            assign(letter.get(), found, device, notes);
        }
        List<String> mountPoints = new ArrayList<>();
        for (String volume : found) {
            mountPoints.addAll(volumes.mountPoints(volume));
        }
        return new AttachedDisk(image, device, readOnly, mountPoints, notes);
    }

    @Override
    public void detach(Path image) throws IOException {
        try (VirtualDiskHandle disk = api.open(image, VirtDisk.ACCESS_DETACH, VirtDisk.OPEN_FLAG_NONE, null,
                "detaching")) {
            api.detach(disk);
        }
    }

    /** The disk number in {@code \\.\PhysicalDriveN}. */
    static Optional<Integer> diskNumber(String device) {
        Matcher m = PHYSICAL_DRIVE.matcher(device.trim());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private List<String> volumesOf(String device, List<String> notes) throws IOException {
        Optional<Integer> number = diskNumber(device);
        if (number.isEmpty()) {
            notes.add("Windows named the attached disk " + device + ", so its volumes could not be found");
            return List.of();
        }
        for (int attempt = 0; attempt < polls; attempt++) {
            List<String> found = volumes.volumesOnDisk(number.get());
            if (!found.isEmpty()) {
                return found;
            }
            try {
                pause.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        notes.add("no volume appeared on " + device + "; the disk may be unformatted or its partitions hidden");
        return List.of();
    }

    private void assign(String letter, List<String> found, String device, List<String> notes) throws IOException {
        if (found.isEmpty()) {
            notes.add(letter + " was not assigned: " + device + " shows no volume");
            return;
        }
        if (found.size() > 1) {
            notes.add(device + " has " + found.size() + " volumes; " + letter + " went to the largest, the others keep no letter");
        }
        try {
            volumes.assignDriveLetter(found.get(0), letter);
        } catch (WindowsErrorException e) {
            notes.add(letter + " was not assigned (" + e.getMessage() + "); the disk is attached without a letter");
        }
    }
}
