package org.vhdboot.cli;

import org.vhdboot.ops.DemoOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole story on a built-in demo: golden parent, init, user changes, reset, status, then a"
                + " snapshot, a revert and a delete, then an update committed as a version, pushed to an OCI"
                + " image-layout folder, pulled by a second layout and switched to (once falling back, once confirmed)."
                + " Needs nothing but this repository; boot entries go to a script, the real boot store is untouched.")
final class DemoCommand implements Callable<Integer> {
    private final Services services;

    @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = "vhdboot-demo",
            description = "folder for the demo files (default: ./vhdboot-demo)")
    Path folder;

    DemoCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        DemoOperation.Result result = new DemoOperation(services.operations(Optional.empty(), "java"))
                .run(folder.toAbsolutePath().normalize());
        result.story().forEach(services.console().out()::println);
        services.console().out().println(result.passed()
                ? "demo passed: Current was clean again after the reset, the restore point came back and left without"
                + " a trace, the update moved as a thin layer, an unconfirmed switch fell back by itself, and the"
                + " parent never changed (files in " + result.folder() + ")"
                : "demo FAILED: see the lines above");
        return result.passed() ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }
}
