package org.vhdboot.disk.vhdx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The active sequence of a VHDX log ([MS-VHDX] 2.3.2-2.3.3): the newest run of valid entries with consecutive
 * sequence numbers whose head entry's tail lies inside the run. Replay starts at that tail entry.
 */
public record LogSequence(List<LogEntry> entries) {

    public LogSequence {
        entries = List.copyOf(entries);
    }

    public LogEntry head() {
        return entries.get(entries.size() - 1);
    }

    /** The writes to replay, in order. */
    public List<LogEntry.Write> writes() {
        List<LogEntry.Write> writes = new ArrayList<>();
        for (LogEntry entry : entries) {
            writes.addAll(entry.writes());
        }
        return writes;
    }

    public static Optional<LogSequence> findActive(byte[] log, UUID logGuid) {
        Map<Integer, LogEntry> valid = new HashMap<>();
        for (int offset = 0; offset < log.length; offset += LogEntry.SECTOR) {
            LogEntry.parse(log, offset, logGuid).ifPresent(e -> valid.put(e.logOffset(), e));
        }
        LogSequence best = null;
        for (LogEntry first : valid.values()) {
            List<LogEntry> run = new ArrayList<>();
            run.add(first);
            LogEntry current = first;
            while (true) {
                int nextOffset = current.next(log.length);
                LogEntry next = valid.get(nextOffset);
                if (nextOffset == first.logOffset() || next == null
                        || next.sequenceNumber() != current.sequenceNumber() + 1) {
                    break;
                }
                run.add(next);
                current = next;
            }
            int tailIndex = -1;
            for (int i = 0; i < run.size(); i++) {
                if (run.get(i).logOffset() == current.tail()) {
                    tailIndex = i;
                    break;
                }
            }
            if (tailIndex < 0) {
                continue;
            }
            if (best == null || current.sequenceNumber() > best.head().sequenceNumber()) {
                best = new LogSequence(run.subList(tailIndex, run.size()));
            }
        }
        return Optional.ofNullable(best);
    }
}
