package org.vhdboot.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vhdboot.disk.io.StagedFile;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A child made outside Windows names its parent's absolute path as Windows will see it, when that is known. */
class WindowsFolderLocatorTest {
    @TempDir
    Path dir;

    private Layer child(String extension) throws Exception {
        DiskImages images = new DiskImages();
        Path parent = dir.resolve("Gold." + extension);
        images.create(parent, ImageSpec.dynamic(8 << 20));
        Path child = dir.resolve("Gold-Current." + extension);
        try (StagedFile staged = StagedFile.beside(child, images.storage())) {
            images.writeChild(staged, parent, ChildSpec.forWindowsFolder(Optional.of("C:\\VHD\\")));
            staged.commit(false);
        }
        return images.openLayer(child, false, Durability.SAFE);
    }

    @Test
    void vhdxAbsoluteWin32PathUsesTheWindowsFolder() throws Exception {
        try (Layer layer = child("vhdx")) {
            assertEquals("\\\\?\\C:\\VHD\\Gold.vhdx", layer.parentLink().orElseThrow().fields().get("absolute_win32_path"));
            assertEquals(".\\Gold.vhdx", layer.parentLink().orElseThrow().fields().get("relative_path"));
        }
    }

    @Test
    void vhdW2kuUsesTheWindowsFolder() throws Exception {
        try (Layer layer = child("vhd")) {
            assertEquals("C:\\VHD\\Gold.vhd", layer.parentLink().orElseThrow().fields().get("W2ku"));
            assertEquals(".\\Gold.vhd", layer.parentLink().orElseThrow().fields().get("W2ru"));
        }
    }
}
