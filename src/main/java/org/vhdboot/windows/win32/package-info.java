/**
 * JNA adapters for kernel32 and advapi32: elevation, firmware type, native VHD boot, volumes, file security,
 * code pages, the event log, WinPE. Implements the interfaces of {@code windows}; asks {@code virtdisk} for
 * storage dependencies.
 */
package org.vhdboot.windows.win32;
