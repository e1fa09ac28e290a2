package org.vhdboot.disk.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The independent validators the interop tests read images with. A missing tool skips the test on a
 * developer machine; with {@code CI=true} it fails the test, so CI can never pass by skipping.
 */
public enum ExternalTool {
    QEMU_IMG("qemu-img", "qemu-utils"),
    QEMU_IO("qemu-io", "qemu-utils"),
    SEVEN_ZIP("7zz", "7zip"),
    PYVHDI("/usr/bin/python3", "python3-libvhdi");

    private final String command;
    private final String debianPackage;

    ExternalTool(String command, String debianPackage) {
        this.command = command;
        this.debianPackage = debianPackage;
    }

    public String command() {
        return command;
    }

    /** Passes when the tool works here; otherwise skips, or fails under CI. */
    public void require() {
        if (available()) {
            return;
        }
        String message = command + " is not installed (apt-get install " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true requires the interop validators: " + message);
        }
        Assumptions.assumeTrue(false, message);
    }

    private boolean available() {
        if (this == PYVHDI) {
            return Files.isExecutable(Path.of(command)) && pythonModuleLoads();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, command))) {
                return true;
            }
        }
        return false;
    }

    private boolean pythonModuleLoads() {
        try {
            Process process = new ProcessBuilder(command, "-c", "import pyvhdi")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
