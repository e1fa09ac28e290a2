package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.file.Path;

/** qemu-io, to write known patterns into images made by qemu-img. */
public final class QemuIo {
    private final Path workFolder;

    public QemuIo(Path workFolder) {
        ExternalTool.QEMU_IO.require();
        this.workFolder = workFolder;
    }

    /** {@code write -P pattern offset length}: every byte of the range becomes {@code pattern}. */
    public void writePattern(String format, Path image, int pattern, long offset, long length) throws IOException {
        ToolRun.run(workFolder, "qemu-io", "-f", format, "-c",
                String.format("write -P 0x%02x %d %d", pattern, offset, length), image.toString()).requireSuccess();
    }
}
