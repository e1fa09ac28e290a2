package org.vhdboot.disk;

/** A request the engine cannot serve for this format or combination of formats. */
public class UnsupportedFormatException extends InvalidImageException {
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
