package org.vhdboot.cli;

import org.vhdboot.disk.Creator;
import org.vhdboot.windows.JavaBitness;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Optional;

/** {@code vhdboot}: the entry point. Parses, dispatches to one subcommand, and turns failures into exit codes. */
@Command(name = "vhdboot",
        mixinStandardHelpOptions = true,
        versionProvider = VhdbootCommand.Version.class,
        description = "Roll a Windows PC back to a clean state in about a second, with VHDX native boot"
                + " and differencing disks.")
public final class VhdbootCommand implements java.util.concurrent.Callable<Integer> {
    /**
     * The commands, in the order the usage lists them. Only the one a command line names is built: picocli reads
     * every annotation of a command's tree when it is added, 0.1-0.15 s for all of them, a third of a short command.
     */
    private static final List<Class<?>> COMMANDS = List.of(InitCommand.class, ResetCommand.class,
            SnapshotCommand.class, ImageCommand.class, StatusCommand.class, RemoveCommand.class,
            ScheduleCommand.class, UnscheduleCommand.class, AgentCommand.class, MountCommand.class,
            UnmountCommand.class, DemoCommand.class, VhdCommand.class, CommandLine.HelpCommand.class);

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

    /**
     * Runs one command line and returns its exit code; never throws. Whatever escapes a command, an
     * OutOfMemoryError or a StackOverflowError too, becomes one error line and a documented exit code.
     */
    public static int execute(Services services, String... args) {
        Console console = services.console();
        boolean debug = services.environment().containsKey("VHDBOOT_DEBUG");
        int code;
        try {
            Factory factory = new Factory(services);
            CommandLine line = new CommandLine(new VhdbootCommand(services), factory);
            for (Class<?> command : commandsNamedBy(args)) {
                line.addSubcommand(factory.create(command));
            }
            line.setCaseInsensitiveEnumValuesAllowed(true);
            line.setOut(console.out());
            line.setErr(console.err());
            line.setExecutionExceptionHandler((failure, command, parsed) -> report(console, debug, failure));
            line.setParameterExceptionHandler((problem, arguments) -> {
                // picocli quotes the value it could not convert, whatever it holds: a NUL, a newline.
                console.err().println("vhdboot: error: " + FailureMessage.oneLine(problem.getMessage().strip())
                        + " (see '" + problem.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
                console.err().flush();
                return ExitCode.USAGE.code();
            });
            code = line.execute(args);
        } catch (Throwable failure) {
            // Errors pass picocli's handler; they get the same one line.
            code = report(console, debug, failure instanceof CommandLine.ExecutionException && failure.getCause() != null
                    ? failure.getCause() : failure);
        }
        console.out().flush();
        console.err().flush();
        return code;
    }

    /** The command {@code args} starts with, or all of them (help, a typo, an option first). */
    static List<Class<?>> commandsNamedBy(String... args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (command != CommandLine.HelpCommand.class
                        && command.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(command);
                }
            }
        }
        return COMMANDS;
    }

    private static int report(Console console, boolean debug, Throwable failure) {
        try {
            if (debug) {
                failure.printStackTrace(console.err());
            }
            console.err().println("vhdboot: error: " + FailureMessage.of(failure));
        } catch (Throwable whileReporting) {
            // Still short of memory, say: a line that needs none of it.
            console.err().println("vhdboot: error: internal error");
        }
        console.err().flush();
        return ExitCode.of(failure).code();
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
