/**
 * File I/O under the engine: {@link org.vhdboot.disk.io.Storage} and its file and in-memory overlay forms,
 * staged files (temporary name, flush, rename), the read-only mark, and the
 * {@link org.vhdboot.disk.io.IoStepHook} that announces every state-changing step to crash tests.
 */
package org.vhdboot.disk.io;
