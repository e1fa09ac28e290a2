package org.vhdboot.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Notes for the people who use the machine, where they see them at their next logon: the Public Desktop on
 * Windows. A failed nightly reset at 02:00 has nobody logged on to message.
 */
public interface Notices {

    void leave(String title, String text) throws IOException;

    Notices NONE = (title, text) -> { };

    /** Text files in {@code folder}, e.g. {@code C:\Users\Public\Desktop}. */
    static Notices inFolder(Path folder) {
        return (title, text) -> {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(title + ".txt"), text + System.lineSeparator(), StandardCharsets.UTF_8);
        };
    }
}
