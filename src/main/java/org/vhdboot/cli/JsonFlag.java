package org.vhdboot.cli;

import picocli.CommandLine.Option;

/** {@code --json}, one option for every command that can print its result as JSON. */
final class JsonFlag {
    @Option(names = "--json", description = "print JSON (schema in docs/cli.md)")
    boolean json;
}
