package org.vhdboot.layout;

/** The layout ini is missing, unreadable or inconsistent. */
public class LayoutException extends OperationException {
    public LayoutException(String message) {
        super(Kind.PRECONDITION, message);
    }
}
