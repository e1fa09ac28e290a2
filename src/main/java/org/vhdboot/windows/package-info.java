/**
 * The only place that talks to Windows: plain interfaces for what only the OS knows or does
 * ({@link org.vhdboot.windows.Platform}, restarts, the Task Scheduler, the event log, attaching images), their
 * portable stand-ins, Windows' own programs ({@link org.vhdboot.windows.WindowsPrograms}) and the assembly of
 * the native adapters in {@code win32} and {@code virtdisk}.
 */
package org.vhdboot.windows;
