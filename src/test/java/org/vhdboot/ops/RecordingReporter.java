package org.vhdboot.ops;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a use case told its user; answers questions as {@link #answer} says (no, by default). */
public final class RecordingReporter implements Reporter {
    public final List<String> infos = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final List<String> questions = new ArrayList<>();
    public boolean answer;

    @Override
    public void info(String message) {
        infos.add(message);
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }

    @Override
    public boolean confirm(String question) {
        questions.add(question);
        return answer;
    }
}
