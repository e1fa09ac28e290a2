/**
 * The pure-Java VHD and VHDX engine, no OS calls: open chains of layers and read them by region, write the top
 * layer only, create, check, repair, merge and convert images. {@link org.vhdboot.disk.DiskImages} is the front
 * door; a {@link org.vhdboot.disk.Layer} answers where each byte of its virtual disk lives. The failures of
 * images are {@code IOException} subtypes named by what is wrong.
 */
package org.vhdboot.disk;
