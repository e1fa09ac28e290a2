/**
 * The use cases (init, reset, snapshots, image versions and their transfer, status, remove, schedule, agent, mount,
 * demo), each a class whose {@code run} reads like the user's story, and what they share: the journal and its
 * recovery, the log, {@link org.vhdboot.ops.OperationContext} with the outside world
 * ({@link org.vhdboot.ops.OutsideWorld}) and the one way to the disk ({@link org.vhdboot.ops.DiskAccess}). Reads and
 * writes the layout through {@code layout}; owns every decision; reaches the OS only through {@code windows}.
 */
package org.vhdboot.ops;
