package org.vhdboot.windows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link TaskScheduler} through schtasks.exe. Success and failure are read from the exit code only, because
 * schtasks' messages are translated into the display language.
 */
public final class SchtasksTaskScheduler implements TaskScheduler {
    /** schtasks' limit for /TN, folders included. */
    static final int MAX_NAME_LENGTH = 238;

    private final WindowsPrograms runner;

    public SchtasksTaskScheduler(WindowsPrograms runner) {
        this.runner = runner;
    }

    @Override
    public void register(String taskName, Path xmlFile) throws IOException {
        check(taskName);
        run(List.of("schtasks.exe", "/Create", "/XML", xmlFile.toString(), "/TN", taskName, "/F"),
                "register the scheduled task " + taskName);
    }

    @Override
    public void delete(String taskName) throws IOException {
        check(taskName);
        run(List.of("schtasks.exe", "/Delete", "/TN", taskName, "/F"), "delete the scheduled task " + taskName);
    }

    /** Any failure of {@code /Query} reads as "not registered": schtasks gives no language-free way to tell more. */
    @Override
    public boolean exists(String taskName) throws IOException {
        check(taskName);
        return runner.run(List.of("schtasks.exe", "/Query", "/TN", taskName)).succeeded();
    }

    private void run(List<String> command, String attempt) throws IOException {
        ProgramOutput result = runner.run(command);
        if (!result.succeeded()) {
            throw new IOException("cannot " + attempt + ": schtasks.exe exited with " + result.exitCode() + ": "
                    + result.firstMessageLine());
        }
    }

    private static void check(String taskName) {
        if (taskName.isBlank() || taskName.length() > MAX_NAME_LENGTH || taskName.contains("\"")) {
            throw new IllegalArgumentException("unusable task name '" + taskName + "': it must be 1 to "
                    + MAX_NAME_LENGTH + " characters without double quotes");
        }
    }
}
