package io.netverify.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.List;
import java.util.ServiceLoader;

/** The {@code verify} command: neural-network verification on ONNX networks and VNN-LIB properties. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Verifies neural networks (ONNX) against properties (VNN-LIB).",
    footer = {"", "Exit codes: 0 success, 1 internal error, 2 usage or input error, 3 (bench) a wrong answer; "
        + "verify gate: 0 pass, 1 fail, 2 config or input error, 3 the verifier failed.",
        "Add --debug to any command for stack traces."})
public final class Main {
    /** Exit code for usage and input errors (bad files, bad options). */
    public static final int EXIT_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;
    /** Exit code of {@code verify bench} when an answer contradicts a known answer. */
    public static final int EXIT_WRONG_ANSWER = 3;

    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, BenchCommand.class, BoundsCommand.class,
        InfoCommand.class, EvalCommand.class, CertifyCommand.class, GateCommand.class, MergeCommand.class,
        LipschitzCommand.class, JacobianCommand.class, CommandLine.HelpCommand.class);

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    /**
     * Picocli's built-in converters for these types are not registered: it looks them up by reflection in
     * every process (~100 classes), and no option of this CLI has such a type (CliTest checks).
     */
    static final String UNUSED_CONVERTERS = "java\\.sql\\..*,java\\.time\\..*";

    public static void main(String[] args) {
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = commandLine(args);
        cmd.setOut(out);
        cmd.setErr(err);
        ErrorLines errors = new ErrorLines(err);
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when they name one, else with
     * all of them. Picocli reads every added command's annotations up front (about 0.15 s on C1 for all
     * of them), which every one-instance process, the way VNN-COMP runs the tool, would otherwise pay.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cmd = new CommandLine(new Main());
        String name = firstPositional(args);
        for (Class<?> sub : SUBCOMMANDS) {
            if (sub != CommandLine.HelpCommand.class && sub.getAnnotation(Command.class).name().equals(name)) {
                return cmd.addSubcommand(sub);
            }
        }
        for (Class<?> sub : SUBCOMMANDS) {
            cmd.addSubcommand(sub);
        }
        // the optional cluster module adds 'verify worker'
        for (ClusterBackend backend : ServiceLoader.load(ClusterBackend.class)) {
            cmd.addSubcommand(backend.workerCommand());
            break;
        }
        return cmd;
    }

    /** The first argument that is not an option: the subcommand's name (the root's options take no value). */
    private static String firstPositional(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    /**
     * Errors as one line each (a stack trace with --debug), with their exit codes. A class, not lambdas:
     * a lambda here makes the start-up archive's dump link picocli's CommandLine, whose class files are
     * too old (Java 5) to be archived once linked, and loading it from the jar costs ~25 ms a process.
     */
    private static final class ErrorLines implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
        private final PrintWriter err;

        ErrorLines(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            err.println("verify: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_INPUT;
        }

        @Override
        public int handleExecutionException(Exception ex, CommandLine command, CommandLine.ParseResult parsed) {
            boolean input = InputErrors.isInputError(ex);
            err.println("verify: " + (input ? "" : "internal error: ") + InputErrors.message(ex));
            if (parsed.originalArgs().contains("--debug")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return input ? EXIT_INPUT : EXIT_INTERNAL;
        }
    }
}
