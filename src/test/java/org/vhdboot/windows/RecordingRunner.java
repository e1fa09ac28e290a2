package org.vhdboot.windows;

import java.util.ArrayList;
import java.util.List;

/** Records every command line and answers with a preset result. */
final class RecordingRunner implements CommandRunner {
    final List<List<String>> commands = new ArrayList<>();
    CommandResult result = new CommandResult(0, "SUCCESS", "");

    @Override
    public CommandResult run(List<String> command) {
        commands.add(List.copyOf(command));
        return result;
    }
}
