package org.vhdboot.cli;

import org.vhdboot.ops.FinishOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "finish", mixinStandardHelpOptions = true,
        description = "Finish or undo the job a kill or a power loss interrupted, as every changing command does"
                + " first, and nothing else.")
final class FinishCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Mixin
    JsonFlag output;

    FinishCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        FinishOperation.Result result = new FinishOperation(services.operations(common.bcdeditOption(), common.engine))
                .run(common.load());
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
        } else if (result.interrupted().isEmpty()) {
            out.println("nothing to finish: no job was interrupted");
        } else {
            out.println(result.interrupted().get() + ": " + result.outcome().orElse("done"));
        }
        return ExitCode.OK.code();
    }
}
