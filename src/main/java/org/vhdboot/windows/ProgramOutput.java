package org.vhdboot.windows;

/** What a finished Windows program left: its exit code and its output, decoded. */
public record ProgramOutput(int exitCode, String stdout, String stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The first non-blank line of stderr, else of stdout: what to quote when the program failed. */
    public String firstMessageLine() {
        for (String text : new String[] {stderr, stdout}) {
            String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            if (!line.isEmpty()) {
                return line;
            }
        }
        return "no output";
    }
}
