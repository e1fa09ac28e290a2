package org.vhdboot.ops;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events as docs/cli.md lists them: every id, its level and the words it is logged as, none shared. */
class EventTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| (\\d{4}) \\| ([a-z]+) \\| `([a-z-]+ [a-z-]+)` \\| .+ \\|$");

    @Test
    void theDocumentedTableIsTheEventsIdLevelAndWords() throws IOException {
        String doc = Files.readString(Path.of("docs/cli.md"));
        String section = doc.substring(doc.indexOf("\n## Event Log\n"));
        List<String> documented = section.lines().map(ROW::matcher).filter(Matcher::matches)
                .map(row -> row.group(1) + " " + row.group(2) + " " + row.group(3)).toList();
        List<String> inCode = Arrays.stream(Event.values()).map(event -> event.id() + " "
                + event.severity().name().toLowerCase(Locale.ROOT) + " " + words(event)).toList();
        assertEquals(inCode, documented);
    }

    /** Two events logged alike could not be told apart in vhdboot.log or the Event Log's text. */
    @Test
    void noTwoEventsAreLoggedWithTheSameWords() {
        Set<String> seen = new HashSet<>();
        for (Event event : Event.values()) {
            assertTrue(seen.add(words(event)), event + " is logged as '" + words(event) + "', like another event");
        }
    }

    private static String words(Event event) {
        return event.operation() + " " + event.outcome();
    }
}
