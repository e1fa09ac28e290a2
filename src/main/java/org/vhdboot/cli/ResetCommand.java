package org.vhdboot.cli;

import org.vhdboot.layout.OperationException;
import org.vhdboot.layout.Role;
import org.vhdboot.ops.ResetOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Replace a child (Current by default) with a fresh, empty child of its base: the snapshot Current"
                + " was created on or last reverted to, else the version it stands on (the parent at first)."
                + " Atomic: if it is interrupted, run it again. Refuses to replace the disk the running system booted"
                + " from.")
final class ResetCommand implements Callable<Integer> {
    private final Services services;

    @Mixin
    LayoutOptions common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "current|recovery", defaultValue = "current")
    String target;

    @Mixin
    ConfirmOption confirmation;

    @Option(names = "--dry-run", description = "check everything and print the steps; change nothing")
    boolean dryRun;

    @Option(names = "--keep-old", description = "keep the old child as NAME-Current.<timestamp>.vhdx")
    boolean keepOld;

    @Option(names = "--reboot", description = "restart the machine when the reset succeeded")
    boolean reboot;

    @Option(names = "--to-parent", description = "Current onto the version its chain stands on (the golden parent"
            + " until a version is committed or switched to), past every snapshot; the snapshots stay")
    boolean toParent;

    @Mixin
    JsonFlag output;

    ResetCommand(Services services) {
        this.services = services;
    }

    @Override
    public Integer call() throws Exception {
        Role role = Role.parse(target).orElseThrow(() ->
                new OperationException(OperationException.Kind.USAGE, "reset takes current or recovery, not '" + target + "'"));
        ResetOperation.Result result = new ResetOperation(services.operations(common.bcdeditOption(), common.engine))
                .run(common.load(), new ResetOperation.Options(role, confirmation.yes, dryRun, keepOld, reboot, toParent,
                        Optional.empty()));
        PrintWriter out = services.console().out();
        if (output.json) {
            JsonOutput.print(out, result);
            return ExitCode.OK.code();
        }
        if (result.dryRun()) {
            DryRunReport.print(out, result.plan());
            return ExitCode.OK.code();
        }
        out.printf("reset %s: %s is a fresh child of %s (%d ms)%n", role.key(), result.child().getFileName(),
                result.base().equals("version:base") ? "the parent" : result.base(), result.durationMillis());
        result.keptOld().ifPresent(k -> out.println("kept the old child as " + k.getFileName()));
        return ExitCode.OK.code();
    }
}
