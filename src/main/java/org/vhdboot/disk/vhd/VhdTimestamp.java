package org.vhdboot.disk.vhd;

import java.time.Instant;

/** VHD time stamps: unsigned seconds since 2000-01-01 00:00:00 UTC. */
public final class VhdTimestamp {
    static final long EPOCH_OFFSET = 946_684_800L;

    private VhdTimestamp() {
    }

    public static int fromInstant(Instant instant) {
        long seconds = instant.getEpochSecond() - EPOCH_OFFSET;
        return (int) Math.max(0, Math.min(seconds, 0xFFFF_FFFFL));
    }

    public static Instant toInstant(int stored) {
        return Instant.ofEpochSecond(Integer.toUnsignedLong(stored) + EPOCH_OFFSET);
    }
}
