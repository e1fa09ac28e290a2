package org.vhdboot.windows.win32;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import org.vhdboot.windows.EventLog;
import org.vhdboot.windows.EventSeverity;
import org.vhdboot.windows.WindowsErrorException;

/**
 * {@link EventLog} through RegisterEventSource and ReportEvent. Without a registered message file the
 * Event Viewer prefixes the text with "The description for Event ID ... cannot be found", but shows it.
 */
public final class WindowsEventLog implements EventLog {
    /** ReportEvent's limit for one insertion string. */
    static final int MAX_MESSAGE_LENGTH = 31_839;

    @Override
    public void write(int eventId, EventSeverity severity, String message) throws WindowsErrorException {
        if (eventId < 0 || eventId > 0xFFFF) {
            throw new IllegalArgumentException("event id " + eventId + " is outside 0 to 65535");
        }
        String text = message.length() > MAX_MESSAGE_LENGTH ? message.substring(0, MAX_MESSAGE_LENGTH) : message;
        WinNT.HANDLE source = Advapi32.INSTANCE.RegisterEventSource(null, SOURCE);
        if (source == null) {
            throw new WindowsErrorException("open the event log as " + SOURCE, Native.getLastError());
        }
        try {
            if (!Advapi32.INSTANCE.ReportEvent(source, severity.eventType(), 0, eventId, null, 1, 0,
                    new String[] {text}, null)) {
                throw new WindowsErrorException("write event " + eventId + " to the event log", Native.getLastError());
            }
        } finally {
            Advapi32.INSTANCE.DeregisterEventSource(source);
        }
    }
}
