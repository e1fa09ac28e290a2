package org.vhdboot.disk;

import java.io.IOException;

/** A write was refused because the image is a parent, or is marked read-only as parents are. */
public class ProtectedImageException extends IOException {
    public ProtectedImageException(String message) {
        super(message);
    }
}
