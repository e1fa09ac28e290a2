package org.vhdboot.disk.vhdx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** Descriptors of all entries together, counted before any is read. */
    long descriptorCount() {
        return entries.stream().mapToLong(e -> Integer.toUnsignedLong(e.descriptorCount())).sum();
    }

    /** The writes to replay, in order. */
    List<LogEntry.Write> writes(CircularLog log) throws IOException {
        List<LogEntry.Write> writes = new ArrayList<>();
        for (LogEntry entry : entries) {
            writes.addAll(entry.writes(log));
        }
        return writes;
    }

    public static Optional<LogSequence> findActive(byte[] log, UUID logGuid) {
        try {
            return findActive(CircularLog.of(log), logGuid);
        } catch (IOException e) {
            throw new IllegalStateException("an in-memory log cannot fail to read", e);
        }
    }

    /**
     * Finds the valid entries in one pass (a valid entry's sectors cannot start another entry, so the scan
     * resumes after it), then follows each run from its first entry only: runs never share entries, so the
     * work is linear in the log size.
     */
    static Optional<LogSequence> findActive(CircularLog log, UUID logGuid) throws IOException {
        Map<Integer, LogEntry> valid = new HashMap<>();
        for (int offset = 0; offset < log.length(); ) {
            Optional<LogEntry> entry = LogEntry.parse(log, offset, logGuid);
            if (entry.isPresent()) {
                valid.put(offset, entry.get());
                offset += entry.get().entryLength();
            } else {
                offset += LogEntry.SECTOR;
            }
        }
        Set<Integer> followers = new HashSet<>();
        for (LogEntry entry : valid.values()) {
            LogEntry next = successor(valid, entry, log.length());
            if (next != null) {
                followers.add(next.logOffset());
            }
        }
        LogSequence best = null;
        for (LogEntry first : valid.values()) {
            if (followers.contains(first.logOffset())) {
                continue;
            }
            List<LogEntry> run = new ArrayList<>();
            for (LogEntry e = first; e != null && run.size() < valid.size(); e = successor(valid, e, log.length())) {
                run.add(e);
            }
            LogSequence candidate = fromTail(run);
            if (candidate != null && (best == null || candidate.head().sequenceNumber() > best.head().sequenceNumber())) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private static LogEntry successor(Map<Integer, LogEntry> valid, LogEntry entry, int logLength) {
        LogEntry next = valid.get(entry.next(logLength));
        return next != null && next.sequenceNumber() == entry.sequenceNumber() + 1 ? next : null;
    }

    /** The run from the entry its head names as tail, or null when the tail is not in the run. */
    private static LogSequence fromTail(List<LogEntry> run) {
        LogEntry head = run.get(run.size() - 1);
        for (int i = 0; i < run.size(); i++) {
            if (run.get(i).logOffset() == head.tail()) {
                return new LogSequence(run.subList(i, run.size()));
            }
        }
        return null;
    }
}
