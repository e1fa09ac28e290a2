package org.vhdboot.windows;

import java.io.IOException;

/** A Windows API call failed; the message is one line: what was attempted, what the code means, and the code. */
public class WindowsErrorException extends IOException {
    private final int code;

    /** @param attempt what vhdboot tried, completing "cannot ...", e.g. {@code create Win-Current.vhdx} */
    public WindowsErrorException(String attempt, int code) {
        super("cannot " + attempt + ": " + WindowsErrors.explain(code) + " (" + WindowsErrors.codeText(code) + ")");
        this.code = code;
    }

    /** The Win32 error code as the API returned it. */
    public int code() {
        return code;
    }
}
