package org.vhdboot.ops;

import org.vhdboot.layout.Layout;
import org.vhdboot.layout.OperationException;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code vhdboot finish}: finishes or undoes the job a kill or a power loss left half done, as every changing command
 * does first, and does nothing else. Any other command would go on to its own job once the interrupted one is done:
 * a reset then discards Current's changes, a prune deletes.
 */
public final class FinishOperation {
    /**
     * @param interrupted what was under way ({@code image switch v2 started …}); empty when nothing was
     * @param outcome     what was done about it
     */
    public record Result(Optional<String> interrupted, Optional<String> outcome) {
    }

    private final OperationContext context;

    public FinishOperation(OperationContext context) {
        this.context = context;
    }

    public Result run(Layout loaded) throws IOException, OperationException {
        try (LayoutChange change = LayoutChange.begin(context, loaded, "finish")) {
            return new Result(change.interrupted().map(OperationJournal::describe), change.recovered());
        }
    }
}
