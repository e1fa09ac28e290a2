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

    UnscheduleCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        boolean removed = new ScheduleOperation(services.operations(common.bcdeditOption(), "java"))
                .remove(common.load());
        services.console().out().println(removed ? "schedule removed" : "there was no schedule");
        return ExitCode.OK.code();
    }
}
