package org.vhdboot.windows;

import org.vhdboot.boot.FirmwareType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform outside Windows: a Linux imaging server or a test machine. It can never be running from a
 * layout child, needs no elevation beyond file permissions, and knows no BitLocker.
 */
public final class PortablePlatform implements Platform {

    @Override
    public String name() {
        return "portable";
    }

    @Override
    public boolean isWindows() {
        return false;
    }

    @Override
    public boolean elevated() {
        return true;
    }

    /** Unknown: the Windows machines a Linux server prepares images for may boot either way. */
    @Override
    public FirmwareType firmwareType() {
        return FirmwareType.UNKNOWN;
    }

    @Override
    public BootedFrom bootedFrom(Map<String, Path> children) {
        return BootedFrom.notVirtual("not Windows: this system cannot be running from a layout child");
    }

    @Override
    public Optional<Path> bootedImage() {
        return Optional.empty();
    }

    @Override
    public VolumeFacts volumeFacts(Path folder) throws IOException {
        return new VolumeFacts(Files.getFileStore(folder).getUsableSpace(), false, false, false);
    }

    @Override
    public boolean hibernationEnabled() {
        return false;
    }

    /** An image attached by qemu or another tool holds a lock on it; we test for one without keeping it. */
    @Override
    public boolean inUse(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            // Nothing to lock: missing, or a folder, a pipe or a device, which the caller refuses as such.
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (java.nio.file.AccessDeniedException e) {
            return false;
        }
    }

    @Override
    public List<String> otherWriters(Path path) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (posix == null) {
            return List.of();
        }
        PosixFileAttributes attributes = posix.readAttributes();
        List<String> others = new ArrayList<>();
        if (attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)) {
            others.add("the group " + attributes.group().getName());
        }
        if (attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            others.add("all users");
        }
        return others;
    }

    @Override
    public void restrictToAdministrators(Path folder) {
        // Elsewhere the admin sets the permissions; status warns when others may write.
    }
}
