package org.vhdboot.layout;

import java.io.IOException;

/**
 * A layout file vhdboot would write larger than it reads back: refused, the file left as it was. Not a refusal of
 * the disk, which room could lift, so it is said as it is.
 */
public class LayoutTooLargeException extends IOException {
    public LayoutTooLargeException(String message) {
        super(message);
    }
}
