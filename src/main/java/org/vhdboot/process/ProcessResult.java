package org.vhdboot.process;

/** What a finished program left behind: its exit code and the undecoded bytes it wrote. */
public record ProcessResult(int exitCode, byte[] stdout, byte[] stderr) {

    public ProcessResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }
}
