package org.vhdboot.disk;

import java.io.IOException;

/** A differencing image's parent is missing, is the wrong file, or was modified after the child was made. */
public class ParentLinkException extends IOException {
    public ParentLinkException(String message) {
        super(message);
    }
}
