package org.vhdboot.boot;

/**
 * One element of a boot entry and the value it should have, named as bcdedit names it ({@code device},
 * {@code path}, {@code locale}, ...), which is also how {@link BootEntry} reports elements read back.
 */
public record BootElement(String name, String value) {
}
