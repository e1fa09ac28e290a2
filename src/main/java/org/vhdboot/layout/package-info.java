/**
 * The layout folder as data: {@code vhdboot.ini} ({@link org.vhdboot.layout.Layout}, read and written by
 * {@link org.vhdboot.layout.LayoutFile}), the strict text format of the layout's files, the version tree and slots,
 * the rule that keeps every file name read from them inside the folder, the pending mark, the lock, and the atomic
 * file steps. Holds no use case; {@code ops} decides, this package says what is on disk and refuses what is not
 * vhdboot's.
 */
package org.vhdboot.layout;
