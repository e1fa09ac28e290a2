package org.vhdboot.windows;

import org.vhdboot.disk.DiskEngine;

import java.util.Optional;

/**
 * The engine {@link DiskEngineSelector} chose.
 *
 * @param fallbackReason why {@code auto} did not get virtdisk on Windows, for {@code status} to show
 */
public record EngineChoice(DiskEngine engine, Optional<String> fallbackReason) {
}
