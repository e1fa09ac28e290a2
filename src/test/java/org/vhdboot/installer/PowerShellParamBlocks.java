package org.vhdboot.installer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the {@code param(...)} blocks of a PowerShell script, the script's own and every function's, without
 * PowerShell: a small scanner that knows comments ({@code #} and {@code <# #>}), strings ({@code '...'},
 * {@code "..."} with backtick escapes, here-strings) and nested parentheses. Each block is returned with its
 * comments and single-quoted strings blanked, since only code and expandable strings are evaluated.
 */
final class PowerShellParamBlocks {
    private final String text;
    private int at;

    private PowerShellParamBlocks(String text) {
        this.text = text;
    }

    static List<String> in(String script) {
        return new PowerShellParamBlocks(script).all();
    }

    private List<String> all() {
        List<String> blocks = new ArrayList<>();
        StringBuilder ignored = new StringBuilder();
        while (at < text.length()) {
            if (skipNonCode(ignored)) {
                continue;
            }
            if (startsParam()) {
                at = text.indexOf('(', at);
                blocks.add(block());
            } else {
                at++;
            }
        }
        return blocks;
    }

    /** {@code param} as a whole word, then blanks, then an opening parenthesis. */
    private boolean startsParam() {
        if (!text.regionMatches(true, at, "param", 0, 5)) {
            return false;
        }
        if (at > 0 && isWordChar(text.charAt(at - 1))) {
            return false;
        }
        int next = at + 5;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        return next < text.length() && text.charAt(next) == '(';
    }

    /** From an opening parenthesis to its match; comments and single-quoted strings come out blank. */
    private String block() {
        StringBuilder code = new StringBuilder();
        int depth = 0;
        while (at < text.length()) {
            if (skipNonCode(code)) {
                continue;
            }
            char c = text.charAt(at++);
            code.append(c);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return code.toString();
            }
        }
        throw new IllegalArgumentException("a param( block is never closed");
    }

    /**
     * Consumes a comment or string at the current position, appending what stays meaningful (the text of
     * expandable strings) to {@code out}; false when the position holds code.
     */
    private boolean skipNonCode(StringBuilder out) {
        if (text.startsWith("<#", at)) {
            at = end(text.indexOf("#>", at + 2), 2);
        } else if (text.charAt(at) == '#') {
            at = end(text.indexOf('\n', at), 1);
        } else if (text.startsWith("@'", at)) {
            at = end(text.indexOf("\n'@", at + 2), 3);
        } else if (text.startsWith("@\"", at)) {
            int close = end(text.indexOf("\n\"@", at + 2), 3);
            out.append(text, at, close);
            at = close;
        } else if (text.charAt(at) == '\'') {
            at = singleQuotedEnd(at + 1);
        } else if (text.charAt(at) == '"') {
            int close = doubleQuotedEnd(at + 1);
            out.append(text, at, close);
            at = close;
        } else {
            return false;
        }
        return true;
    }

    private int singleQuotedEnd(int from) {
        int i = from;
        while (i < text.length()) {
            if (text.charAt(i) == '\'') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    private int doubleQuotedEnd(int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    private int end(int found, int length) {
        return found < 0 ? text.length() : found + length;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }

    /** The automatic variables Windows PowerShell 5.1 leaves empty while parameters are bound. */
    static List<String> scriptLocationVariablesIn(String block) {
        List<String> found = new ArrayList<>();
        String lower = block.toLowerCase(Locale.ROOT);
        for (String variable : List.of("$psscriptroot", "${psscriptroot}", "$myinvocation", "${myinvocation}",
                "$pscommandpath", "${pscommandpath}")) {
            if (lower.contains(variable)) {
                found.add(variable);
            }
        }
        return found;
    }
}
