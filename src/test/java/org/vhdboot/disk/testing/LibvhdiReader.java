package org.vhdboot.disk.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** libvhdi through pyvhdi and the system python: reads a VHD or VHDX chain, linking parents with set_parent. */
public final class LibvhdiReader {
    private static final String SCRIPT = "/disk/pyvhdi_read.py";
    private final Path workFolder;

    public LibvhdiReader(Path workFolder) {
        ExternalTool.PYVHDI.require();
        this.workFolder = workFolder;
    }

    /** The virtual disk of {@code chain}, given base first and the top image last. */
    public byte[] read(Path... chain) throws IOException {
        Path script = workFolder.resolve("pyvhdi_read.py");
        if (!Files.exists(script)) {
            try (InputStream in = LibvhdiReader.class.getResourceAsStream(SCRIPT)) {
                Files.copy(in, script);
            }
        }
        Path raw = Files.createTempFile(workFolder, "libvhdi", ".raw");
        List<String> command = new ArrayList<>(List.of(ExternalTool.PYVHDI.command(), script.toString(),
                raw.toString()));
        for (Path image : chain) {
            command.add(image.toString());
        }
        ToolRun.run(workFolder, command.toArray(String[]::new)).requireSuccess();
        byte[] bytes = Files.readAllBytes(raw);
        Files.delete(raw);
        return bytes;
    }
}
