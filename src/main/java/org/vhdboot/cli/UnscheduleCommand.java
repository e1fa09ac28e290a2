package org.vhdboot.cli;

import org.vhdboot.ops.ScheduleOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "unschedule", mixinStandardHelpOptions = true,
        description = "Remove the nightly reset schedule; the agent then does nothing until a new one is set.")
final class UnscheduleCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    JsonFlag output;

    /** What {@code --json} prints: whether there was a schedule (and a pull policy with it) to remove. */
    record Removed(boolean removed) {
    }

    UnscheduleCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        boolean removed = new ScheduleOperation(services.operations(common.bcdeditOption(), "java"))
                .remove(common.load());
        if (output.json) {
            JsonOutput.print(services.console().out(), new Removed(removed));
        } else {
            services.console().out().println(removed ? "schedule removed" : "there was no schedule");
        }
        return ExitCode.OK.code();
    }
}
