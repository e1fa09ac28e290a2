package org.vhdboot.cli;

import org.vhdboot.ops.Restarter;

/** The restarters the command line can pick from. */
final class Restarters {
    private Restarters() {
    }

    /** For systems vhdboot cannot restart: Linux imaging servers and tests. */
    static Restarter none() {
        return new Restarter() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public void restart(String reason) {
                throw new IllegalStateException("no restart is possible here");
            }
        };
    }
}
