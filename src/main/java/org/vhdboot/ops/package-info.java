/**
 * The use cases (init, reset, status, remove, schedule, agent, mount, demo), each a class whose {@code run}
 * reads like the user's story, and what they share: the layout and its files ({@code vhdboot.ini}, the
 * journal, the pending mark, the lock, the log), atomic file steps, and {@link org.vhdboot.ops.OperationContext}
 * with the outside world ({@link org.vhdboot.ops.OutsideWorld}) and the one way to the disk
 * ({@link org.vhdboot.ops.DiskAccess}). Owns every decision; reaches the OS only through {@code windows}.
 */
package org.vhdboot.ops;
