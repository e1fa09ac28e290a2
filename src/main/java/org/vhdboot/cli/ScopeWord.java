package org.vhdboot.cli;

import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;
import java.util.Set;
import java.util.Stack;

/**
 * The optional scope of {@code --insecure} and {@code --pull-insecure}: given apart ({@code --insecure any-host}) it
 * is taken only when it is a scope word, so {@code --insecure oci://HOST/REPO:TAG} leaves the reference to be the
 * reference; given attached ({@code --insecure=WORD}) it is always the scope, and a wrong word is refused as such.
 */
final class ScopeWord implements IParameterPreprocessor {
    static final String LOOPBACK = "loopback";
    private static final Set<String> WORDS = Set.of(LOOPBACK, "any-host");

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
        boolean apart = " ".equals(info.get("separator"));
        if (apart && (args.isEmpty() || !WORDS.contains(args.peek()))) {
            args.push(LOOPBACK);
        }
        return false;
    }
}
