package org.vhdboot.cli;

import org.vhdboot.ops.AgentOperation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code vhdboot agent}: the nightly cycle's program inside the golden image. Its commands are listed in
 * {@link CommandTree}.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The nightly reset agent: install it once in the golden image before sysprep; its tasks run"
                + " `agent tick` in Current and Recovery.")
final class AgentCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: install, uninstall or tick");
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Register the agent's tasks (at boot, and every 5 minutes) to run as SYSTEM.")
    static final class Install implements Callable<Integer> {
        private final Services services;

        @Option(names = "--command", paramLabel = "PATH",
                description = "the launcher the tasks run (default: vhdboot.cmd beside this vhdboot.jar, else"
                        + " %%ProgramFiles%%\\vhdboot\\vhdboot.cmd)")
        String command;

        Install(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() throws Exception {
            List<String> tasks = new AgentOperation(services.operations(Optional.empty(), "java"))
                    .install(command != null ? command : defaultLauncher(services));
            tasks.forEach(task -> services.console().out().println("registered task " + task));
            return ExitCode.OK.code();
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Remove the agent's tasks.")
    static final class Uninstall implements Callable<Integer> {
        private final Services services;

        Uninstall(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() throws Exception {
            List<String> removed = new AgentOperation(services.operations(Optional.empty(), "java")).uninstall();
            services.console().out().println(removed.isEmpty() ? "no agent tasks were registered"
                    : "removed tasks " + String.join(", ", removed));
            return ExitCode.OK.code();
        }
    }

    @Command(name = "tick", mixinStandardHelpOptions = true,
            description = "One step of the nightly cycle, run by the agent's tasks: in Current, start a due reset;"
                    + " in Recovery, carry out a pending one.")
    static final class Tick implements Callable<Integer> {
        private final Services services;

        @Mixin
        LayoutOptions common;

        @Option(names = "--boot", description = "this tick runs at system start (a missed reset may run now)")
        boolean atBoot;

        Tick(Services services) {
            this.services = services;
        }

        @Override
        public Integer call() throws Exception {
            AgentOperation.TickResult result = new AgentOperation(services.operations(common.bcdeditOption(), common.engine))
                    .tick(Optional.ofNullable(common.layout), atBoot);
            services.console().out().printf("%s: %s (%s)%n", result.role(), result.action(), result.detail());
            return ExitCode.OK.code();
        }
    }

    /** The launcher installed beside the running jar, or the standard install location. */
    static String defaultLauncher(Services services) {
        try {
            Path jar = Path.of(VhdbootCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // The portable layout puts vhdboot.cmd beside the jar; jpackage puts vhdboot.exe above its app folder.
            for (Path launcher : new Path[] {jar.resolveSibling("vhdboot.cmd"), jar.getParent().resolveSibling("vhdboot.exe")}) {
                if (Files.exists(launcher)) {
                    return launcher.toString();
                }
            }
        } catch (Exception e) {
            // Fall back to the standard location below.
        }
        String programFiles = services.environment().getOrDefault("ProgramFiles", "C:\\Program Files");
        return programFiles + "\\vhdboot\\vhdboot.cmd";
    }
}
