package org.vhdboot.disk.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** qemu-img as an independent reader and maker of images. */
public final class QemuImg {
    private final Path workFolder;

    public QemuImg(Path workFolder) {
        ExternalTool.QEMU_IMG.require();
        this.workFolder = workFolder;
    }

    /**
     * The virtual disk of a non-differencing VHD. Sized by the footer's current size: qemu 7.2 would otherwise
     * use the CHS geometry for creators it does not trust (reference 1.3).
     */
    public byte[] readVhd(Path image) throws IOException {
        return convert("--image-opts", "driver=vpc,force_size_calc=current_size,file.filename=" + image);
    }

    public byte[] readVhdx(Path image) throws IOException {
        return convert("-f", "vhdx", image.toString());
    }

    private byte[] convert(String... source) throws IOException {
        Path raw = Files.createTempFile(workFolder, "qemu", ".raw");
        String[] command = new String[source.length + 5];
        command[0] = "qemu-img";
        command[1] = "convert";
        System.arraycopy(source, 0, command, 2, source.length);
        command[source.length + 2] = "-O";
        command[source.length + 3] = "raw";
        command[source.length + 4] = raw.toString();
        ToolRun.run(workFolder, command).requireSuccess();
        byte[] bytes = Files.readAllBytes(raw);
        Files.delete(raw);
        return bytes;
    }

    /** {@code qemu-img check -f vhdx}: its exit code and report. */
    public ToolRun checkVhdx(Path image) throws IOException {
        return ToolRun.run(workFolder, "qemu-img", "check", "-f", "vhdx", image.toString());
    }

    public void create(String format, Path image, long size, String options) throws IOException {
        ToolRun.run(workFolder, "qemu-img", "create", "-f", format, "-o", options, image.toString(),
                Long.toString(size)).requireSuccess();
    }
}
