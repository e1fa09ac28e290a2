package org.vhdboot;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The size limits of the project's style: no main class over 400 lines, no method over 60 (from its declaration
 * to its closing brace). The disk engine has no exceptions; the few known ones elsewhere may not grow.
 */
class SourceSizeTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final int MAX_CLASS_LINES = 400;
    private static final int MAX_METHOD_LINES = 60;
    /** Known before the limits were enforced, outside the disk engine, with the size they may not pass. */
    private static final Map<String, Integer> KNOWN_LONG = Map.of(
            "org/vhdboot/ops/AgentTasks.java#xml", 67);
    private static final Set<String> NOT_METHODS = Set.of("if", "for", "while", "switch", "catch", "try", "else",
            "do", "synchronized", "finally", "return", "new", "case", "default", "throw");
    private static final Pattern DECLARATION = Pattern.compile(
            "(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|private|protected|static|final|abstract|synchronized|default"
                    + "|native)\\s+)*(?:<[^>]*>\\s+)?(?:[\\w.<>\\[\\]?, ]+\\s+)?(\\w+)\\s*\\(.*\\)\\s*"
                    + "(?:throws\\s+[\\w., ]+)?");

    @Test
    void noMainClassIsLongerThan400Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path source : sources()) {
            long lines = Files.readAllLines(source).size();
            String name = MAIN.relativize(source).toString();
            if (lines > KNOWN_LONG.getOrDefault(name, MAX_CLASS_LINES)) {
                tooLong.add(name + ": " + lines + " lines");
            }
        }
        assertEquals(List.of(), tooLong);
    }

    @Test
    void noMethodIsLongerThan60Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path source : sources()) {
            String name = MAIN.relativize(source).toString();
            for (Method method : methods(Files.readString(source))) {
                String key = name + "#" + method.name();
                if (method.lines() > KNOWN_LONG.getOrDefault(key, MAX_METHOD_LINES)) {
                    tooLong.add(key + " (line " + method.firstLine() + "): " + method.lines() + " lines");
                }
            }
        }
        assertEquals(List.of(), tooLong);
    }

    /** The measure itself: comments, strings and lambdas do not confuse it, and nested classes count apart. */
    @Test
    void methodsAreMeasuredFromDeclarationToClosingBrace() {
        String source = String.join("\n",
                "class A {",
                "    private static int twice(int x)",
                "            throws Exception {",
                "        String s = \"}{\"; // }",
                "        Runnable r = () -> {",
                "            if (x > 0) { }",
                "        };",
                "        /* { */",
                "        return x * 2;",
                "    }",
                "    record R(int a) {",
                "        R {",
                "        }",
                "        int get() { return a; }",
                "    }",
                "}");
        assertEquals(List.of(new Method("twice", 2, 9), new Method("get", 14, 1)), methods(source));
    }

    record Method(String name, int firstLine, int lines) {
    }

    /** Every method and constructor of {@code source}, nested classes' too, in the order they end. */
    static List<Method> methods(String source) {
        String code = withoutCommentsAndLiterals(source);
        List<Method> methods = new ArrayList<>();
        Deque<Method> open = new ArrayDeque<>();
        StringBuilder header = new StringBuilder();
        int line = 1;
        int headerLine = 1;
        for (char c : code.toCharArray()) {
            if (c == '{') {
                String declaration = header.toString().trim().replaceAll("\\s+", " ");
                open.push(new Method(isMethod(declaration) ? methodName(declaration) : null, headerLine, 0));
                header.setLength(0);
            } else if (c == '}') {
                Method block = open.pop();
                if (block.name() != null) {
                    methods.add(new Method(block.name(), block.firstLine(), line - block.firstLine() + 1));
                }
                header.setLength(0);
            } else if (c == ';') {
                header.setLength(0);
            } else {
                if (header.toString().isBlank() && !Character.isWhitespace(c)) {
                    headerLine = line;
                }
                header.append(c);
            }
            if (c == '\n') {
                line++;
            }
        }
        return methods;
    }

    private static boolean isMethod(String declaration) {
        Matcher matcher = DECLARATION.matcher(declaration);
        if (!matcher.matches() || declaration.contains("->") || NOT_METHODS.contains(matcher.group(1))) {
            return false;
        }
        String beforeParameters = declaration.substring(0, declaration.indexOf('('));
        return !beforeParameters.contains("=") && !beforeParameters.matches(".*\\b(new|return|record|class|interface"
                + "|enum)\\b.*");
    }

    private static String methodName(String declaration) {
        Matcher matcher = DECLARATION.matcher(declaration);
        matcher.matches();
        return matcher.group(1);
    }

    /** Comments and string or character literals blanked out, keeping every line break. */
    private static String withoutCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = source.indexOf('\n', i) < 0 ? source.length() : source.indexOf('\n', i);
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2) + 2;
                out.append(source.substring(i, end).replaceAll("[^\\n]", ""));
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
