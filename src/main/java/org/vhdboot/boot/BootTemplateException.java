package org.vhdboot.boot;

/**
 * A boot-entry template cannot be used: the file is missing, unreadable or not a valid template. The message
 * is one line naming the template and the problem.
 */
public class BootTemplateException extends Exception {
    public BootTemplateException(String message) {
        super(message);
    }

    public BootTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
