package org.vhdboot.ops;

import org.vhdboot.files.KeptFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Notes for the people who use the machine, where they see them at their next logon: the Public Desktop on
 * Windows. A failed nightly reset at 02:00 has nobody logged on to message.
 */
public interface Notices {

    void leave(String title, String text) throws IOException;

    Notices NONE = (title, text) -> { };

    /**
     * Text files in {@code folder}, e.g. {@code C:\Users\Public\Desktop}, written as the agent (SYSTEM): never
     * through a link planted under the note's name.
     */
    static Notices inFolder(Path folder) {
        return (title, text) -> {
            Files.createDirectories(folder);
            KeptFile.write(folder.resolve(title + ".txt"), (text + System.lineSeparator()).getBytes(
                    StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        };
    }
}
