/**
 * Boot entries, behind one {@link org.vhdboot.boot.BootStore} that takes changes as
 * {@link org.vhdboot.boot.BootChange} intents and renders them its own way: bcdedit command lines run and read
 * back, a script, or nothing. Also the boot-entry templates of {@code bcd-templates/} and the firmware type
 * that picks one.
 */
package org.vhdboot.boot;
