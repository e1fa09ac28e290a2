package org.vhdboot.cli;

import java.io.PrintWriter;
import java.util.List;

/** What a changing command prints for {@code --dry-run}: its steps, the commands it would run, that nothing changed. */
final class DryRunReport {
    private DryRunReport() {
    }

    static void print(PrintWriter out, List<String> plan) {
        print(out, plan, List.of());
    }

    static void print(PrintWriter out, List<String> plan, List<String> commands) {
        plan.forEach(step -> out.println("would " + step));
        commands.forEach(command -> out.println("would run: " + command));
        out.println("dry run: nothing was changed");
    }
}
