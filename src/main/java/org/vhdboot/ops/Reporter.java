package org.vhdboot.ops;

import org.vhdboot.layout.OperationException;

/** How a use case talks to its user while it runs: progress lines, warnings, and yes/no questions. */
public interface Reporter {

    void info(String message);

    void warn(String message);

    /**
     * Asks before something destructive. Returns the answer, or throws {@link OperationException.Kind#DECLINED}
     * when nobody can answer (not a terminal).
     */
    boolean confirm(String question) throws OperationException;
}
