/** Raw disk images: the file is the virtual disk, byte for byte. */
package org.vhdboot.disk.raw;
