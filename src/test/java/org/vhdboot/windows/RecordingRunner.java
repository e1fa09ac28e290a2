package org.vhdboot.windows;

import org.vhdboot.process.ProcessResult;
import org.vhdboot.process.ProcessRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records every command line and answers with a preset result, or with what {@code answer} says. */
public final class RecordingRunner implements ProcessRunner {
    public final List<List<String>> commands = new ArrayList<>();
    public ProgramOutput result = new ProgramOutput(0, "SUCCESS", "");
    private final Function<List<String>, ProgramOutput> answer;

    public RecordingRunner() {
        this.answer = command -> result;
    }

    private RecordingRunner(Function<List<String>, ProgramOutput> answer) {
        this.answer = answer;
    }

    /** Programs that answer each command line with what {@code answer} returns for it. */
    public static WindowsPrograms answering(Function<List<String>, ProgramOutput> answer) {
        return new RecordingRunner(answer).programs();
    }

    /** Windows' programs run through this recorder, their output read as UTF-8. */
    public WindowsPrograms programs() {
        return new WindowsPrograms(this, StandardCharsets.UTF_8, Duration.ofSeconds(5));
    }

    @Override
    public ProcessResult run(List<String> argv, Duration timeout) {
        commands.add(List.copyOf(argv));
        ProgramOutput output = answer.apply(List.copyOf(argv));
        return new ProcessResult(output.exitCode(), output.stdout().getBytes(StandardCharsets.UTF_8),
                output.stderr().getBytes(StandardCharsets.UTF_8));
    }
}
