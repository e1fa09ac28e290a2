package org.vhdboot.disk;

import java.io.IOException;

/** The request needs a differencing image, such as merging it into its parent, and this image has no parent. */
public class NoParentException extends IOException {
    public NoParentException(String message) {
        super(message);
    }
}
