package org.vhdboot.disk;

import java.io.IOException;

/** The file is not a valid image: a bad signature, checksum, size or table entry. The message says which. */
public class InvalidImageException extends IOException {
    public InvalidImageException(String message) {
        super(message);
    }
}
