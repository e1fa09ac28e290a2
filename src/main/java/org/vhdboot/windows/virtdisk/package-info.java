/**
 * JNA bindings for virtdisk.dll, their x64 structure layouts, and what vhdboot builds on them: the virtdisk disk
 * engine and attaching images. Implements the interfaces of {@code windows} and {@code disk}.
 */
package org.vhdboot.windows.virtdisk;
