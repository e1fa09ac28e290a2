package org.vhdboot.cli;

import org.vhdboot.disk.Creator;
import org.vhdboot.windows.JavaBitness;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.reflect.Constructor;
import java.util.Optional;

/** {@code vhdboot}: the entry point. Parses, dispatches to one subcommand, and turns failures into exit codes. */
@Command(name = "vhdboot",
        mixinStandardHelpOptions = true,
        versionProvider = VhdbootCommand.Version.class,
        description = "Roll a Windows PC back to a clean state in about a second, with VHDX native boot"
                + " and differencing disks.",
        subcommands = {InitCommand.class, ResetCommand.class, SnapshotCommand.class, ImageCommand.class,
                StatusCommand.class, RemoveCommand.class,
                ScheduleCommand.class, UnscheduleCommand.class, AgentCommand.class, MountCommand.class,
                UnmountCommand.class, DemoCommand.class,
                VhdCommand.class, CommandLine.HelpCommand.class})
public final class VhdbootCommand implements java.util.concurrent.Callable<Integer> {
    private final Services services;

    public VhdbootCommand(Services services) {
        this.services = services;
    }

    public static void main(String[] args) {
        Optional<String> wrongJava = JavaBitness.problemHere();
        if (wrongJava.isPresent()) {
            System.err.println("vhdboot: error: " + wrongJava.get());
            System.exit(ExitCode.PRECONDITION.code());
        }
        System.exit(execute(Services.system(), args));
    }

    /** Runs one command line and returns its exit code; never throws. */
    public static int execute(Services services, String... args) {
        CommandLine line = new CommandLine(new VhdbootCommand(services), new Factory(services));
        Console console = services.console();
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setOut(console.out());
        line.setErr(console.err());
        boolean debug = services.environment().containsKey("VHDBOOT_DEBUG");
        line.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (debug) {
                failure.printStackTrace(console.err());
            }
            console.err().println("vhdboot: error: " + FailureMessage.of(failure));
            console.err().flush();
            return ExitCode.of(failure).code();
        });
        line.setParameterExceptionHandler((problem, arguments) -> {
            console.err().println("vhdboot: error: " + problem.getMessage().strip() + " (see '"
                    + problem.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            console.err().flush();
            return ExitCode.USAGE.code();
        });
        int code = line.execute(args);
        console.out().flush();
        console.err().flush();
        return code;
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage, on stderr, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(services.console().err());
        return ExitCode.USAGE.code();
    }

    /** Builds commands, handing {@link Services} to every command whose constructor takes it. */
    static final class Factory implements CommandLine.IFactory {
        private final Services services;

        Factory(Services services) {
            this.services = services;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> withServices = type.getDeclaredConstructor(Services.class);
                return withServices.newInstance(services);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vhdboot " + Creator.version()};
        }
    }
}
