package org.virtbench.runner.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.virtbench.runner.campaign.InvalidOptionsException;
import org.virtbench.runner.meta.VirtbenchVersion;
import org.virtbench.runner.transport.LaunchMechanism;
import org.virtbench.runner.journal.JournalCorruptException;
import org.virtbench.runner.journal.JournalWriteException;
import org.virtbench.runner.system.SchemaVersionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code virtbench} command line: {@code list}, {@code run}, {@code report}, {@code compare},
 * {@code doctor}, {@code selftest}, {@code image}.
 * Exit status: 0 done, 1 a cell failed or an error occurred, 2 wrong usage (one line on the error
 * stream says what to do), 130 interrupted.
 */
@Command(name = "virtbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Measures what virtualization costs: the same benchmarks on bare metal and in guests.")
public final class Main implements Callable<Integer> {
    /** Exit status of wrong usage. */
    public static final int USAGE = 2;

    private final CliEnvironment env;

    private Main(CliEnvironment env) {
        this.env = env;
    }

    public static void main(String[] args) {
        LaunchMechanism.preferVfork();
        System.exit(execute(CliEnvironment.standard(), args));
    }

    /** Runs one command line and returns its exit status; never calls {@link System#exit}. */
    public static int execute(CliEnvironment env, String... args) {
        return commandLine(env).execute(args);
    }

    /** The command tree. Other modules' subcommands are registered here. */
    static CommandLine commandLine(CliEnvironment env) {
        CommandLine cl = new CommandLine(new Main(env));
        cl.addSubcommand("list", new ListCommand(env));
        cl.addSubcommand("run", new RunCommand(env));
        cl.addSubcommand("doctor", new DoctorCommand(env));
        cl.addSubcommand("selftest", new SelftestCommand(env));
        cl.addSubcommand("image", new org.virtbench.runner.image.ImageCommand());
        cl.addSubcommand("quickstart", new QuickstartCommand(env));
        cl.addSubcommand("report", new ReportCommand(env));
        cl.addSubcommand("compare", new CompareCommand(env));
        cl.addSubcommand("clean", new CleanCommand(env));
        cl.addSubcommand("aa", new AaCommand(env));
        cl.addSubcommand("baseline", new CommandLine(new BaselineCommand(env))
                .addSubcommand("write", new BaselineCommand.Write(env)));
        cl.addSubcommand("check", new CheckCommand(env));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(env.out(), true));
        cl.setErr(new PrintWriter(env.err(), true));
        cl.setParameterExceptionHandler((ex, args) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            env.err().println("virtbench: " + oneLine(ex.getMessage()) + "; see '" + command + " --help'");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof JournalWriteException) {
                // the journal holds every sample up to the failed write: one line says how to go on
                env.err().println("virtbench: " + oneLine(ex.getMessage()));
                return 1;
            }
            if (ex instanceof InvalidOptionsException || ex instanceof SchemaVersionException
                    || ex instanceof JournalCorruptException) {
                env.err().println("virtbench: " + oneLine(ex.getMessage()));
                return USAGE;
            }
            env.err().println("virtbench: error: " + oneLine(String.valueOf(ex.getMessage())));
            if (System.getenv("VIRTBENCH_DEBUG") != null) {
                ex.printStackTrace(env.err());
            }
            return 1;
        });
        return cl;
    }

    @Override
    public Integer call() {
        env.err().println("virtbench: give a command: quickstart, list, run, report, compare, aa, baseline, check, clean, doctor, selftest or image; "
                + "'virtbench --help' explains them");
        return USAGE;
    }

    static String oneLine(String message) {
        return InvalidOptionsException.oneLine(message);
    }

    /** The version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"virtbench " + VirtbenchVersion.current()};
        }
    }
}
