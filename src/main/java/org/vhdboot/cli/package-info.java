/**
 * The command line: thin picocli commands that parse options, call one use case, and render its result as text
 * or {@code --json}; every failure becomes one error line and the exit code {@link org.vhdboot.cli.ExitCode}'s
 * one table gives it. {@link org.vhdboot.cli.Services} is the console and the outside world, built once at start.
 * The {@code vhd} commands call the disk engine directly: they are disk tools, not layout use cases.
 */
package org.vhdboot.cli;
