/**
 * The VHDX format ([MS-VHDX]): one small class per on-disk structure (file type identifier, headers, region and
 * metadata tables, parent locator, block allocation table, log entries), the builder, log replay and the open
 * image.
 */
package org.vhdboot.disk.vhdx;
