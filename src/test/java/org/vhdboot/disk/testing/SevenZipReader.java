package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** 7-Zip's VHD reader, which follows a differencing chain itself (parent in the same folder). */
public final class SevenZipReader {
    private final Path workFolder;

    public SevenZipReader(Path workFolder) {
        ExternalTool.SEVEN_ZIP.require();
        this.workFolder = workFolder;
    }

    public byte[] read(Path image) throws IOException {
        ToolRun run = ToolRun.run(workFolder, "7zz", "e", "-so", image.toAbsolutePath().toString())
                .requireSuccess();
        byte[] bytes = run.stdoutBytes();
        Files.delete(run.stdout());
        return bytes;
    }
}
