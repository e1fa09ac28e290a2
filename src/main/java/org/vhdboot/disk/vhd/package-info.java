/**
 * The VHD format (Virtual PC, Virtual Server, Hyper-V before 2012): one small class per on-disk structure
 * (footer, dynamic header, parent locators, block allocation table, geometry), the builder and the open image.
 */
package org.vhdboot.disk.vhd;
