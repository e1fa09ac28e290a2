package org.vhdboot.cli;

import org.vhdboot.disk.Creator;
import org.vhdboot.windows.JavaBitness;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.reflect.Constructor;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code vhdboot}: the entry point. Parses, dispatches to one subcommand, and turns failures into exit codes. */
@Command(name = "vhdboot",
        mixinStandardHelpOptions = true,
        versionProvider = VhdbootCommand.Version.class,
        description = "Roll a Windows PC back to a clean state in about a second, with VHDX native boot"
                + " and differencing disks.")
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
        AtomicBoolean ended = new AtomicBoolean();
        // Ctrl-C or a kill that lets the JVM end (not kill -9, not a power loss) would otherwise end without a word.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!ended.get()) {
                if (System.console() != null) {
                    System.err.println(); // off a progress bar's line
                }
                System.err.println(INTERRUPTED);
                System.err.flush();
            }
        }, "vhdboot-interrupted"));
        int code = execute(Services.system(), args);
        ended.set(true);
        System.exit(code);
    }

    static final String INTERRUPTED = "vhdboot: interrupted; run the command again: a changing command finishes or"
            + " undoes what it began (`vhdboot status` shows it)";

    /**
     * Runs one command line and returns its exit code; never throws. Whatever escapes a command, an
     * OutOfMemoryError or a StackOverflowError too, becomes one error line and a documented exit code.
     */
    public static int execute(Services services, String... args) {
        Console console = services.console();
        boolean debug = services.environment().containsKey("VHDBOOT_DEBUG");
        int code;
        try {
            CommandLine line = CommandTree.forLine(new VhdbootCommand(services), new Factory(services), args);
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
