package org.vhdboot.windows;

import java.io.IOException;
import java.util.Optional;

/**
 * Supplies the running entry's {@code osdevice} value as bcdedit prints it, e.g.
 * {@code vhd=[D:]\vhd\Win-Current.vhdx,locate=custom:22000002}. The boot package reads bcdedit; this package
 * only parses the device syntax.
 */
@FunctionalInterface
public interface CurrentOsDevice {

    /** Empty when no boot store can be read here. */
    Optional<String> osDevice() throws IOException;

    CurrentOsDevice UNAVAILABLE = Optional::empty;
}
