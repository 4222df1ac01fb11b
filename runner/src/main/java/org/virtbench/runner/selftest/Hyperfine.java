package org.virtbench.runner.selftest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.virtbench.guest.Command;
import org.virtbench.guest.Shell;
import org.virtbench.runner.transport.HostCommands;

/** Runs hyperfine without a shell ({@code -N}) and reads its per-run times from {@code --export-json}. */
public final class Hyperfine {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The part of hyperfine's export this reads. */
    record Export(List<Result> results) {
    }

    /** One benchmarked command: each run's wall-clock time in seconds. */
    record Result(String command, double mean, Double median, List<Double> times) {
    }

    private Hyperfine() {
    }

    /** The installed version line, such as {@code hyperfine 1.15.0}. */
    static String version() {
        return HostCommands.run("hyperfine", "--version").requireSuccess().stdout().trim();
    }

    /**
     * Times {@code argv} {@code runs} times after {@code warmup} untimed runs.
     *
     * @return each run's time in seconds
     */
    public static List<Double> times(List<String> argv, int runs, int warmup, Path scratch) throws IOException {
        Path export = Files.createTempFile(scratch, "hyperfine", ".json");
        try {
            List<String> command = new ArrayList<>(List.of("hyperfine", "-N", "--style", "none", "--runs",
                    Integer.toString(runs), "--export-json", export.toString()));
            if (warmup > 0) {
                command.addAll(List.of("--warmup", Integer.toString(warmup)));
            }
            // hyperfine -N splits its command with shell-word rules, so the argv is quoted for them
            command.add(Shell.join(argv));
            HostCommands.run(Command.of(command).withTimeout(Duration.ofHours(1))).requireSuccess();
            Export parsed = JSON.readValue(export.toFile(), Export.class);
            if (parsed.results() == null || parsed.results().isEmpty()) {
                throw new IOException("hyperfine wrote no results to " + export);
            }
            return parsed.results().get(0).times();
        } finally {
            Files.deleteIfExists(export);
        }
    }
}
