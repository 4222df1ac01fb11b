package org.virtbench.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.virtbench.annotations.Direction;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code virtbench list}: every workload with its unit, trials, scales and parameters. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists every workload with unit, repeat, discard, scales, parameters and defaults.")
final class ListCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliEnvironment env;

    @Option(names = "--json", description = "Writes the list as JSON.")
    boolean json;

    ListCommand(CliEnvironment env) {
        this.env = env;
    }

    /**
     * One workload as listed.
     *
     * @param memory its own memory policy ({@code @ScaleVMs(memory)}); null when it takes the campaign's
     */
    record Listing(String id, String description, String unit, Direction direction, int repeat, int discard,
                   List<Integer> scales, boolean peer, Requirements requires, List<Parameter> params, String memory) {
    }

    /** One parameter as listed; {@code quick} is null when the quick profile uses the default. */
    record Parameter(String name, String type, String defaultValue, String quick, String description) {
    }

    @Override
    public Integer call() throws JsonProcessingException {
        List<Listing> listings = env.catalog().get().specs().stream().map(ListCommand::listing).toList();
        if (json) {
            env.out().println(JSON.writeValueAsString(listings));
            return 0;
        }
        if (listings.isEmpty()) {
            env.out().println("no workloads on the class path; build the suites (mvn package)");
        }
        for (Listing l : listings) {
            env.out().printf("%s  [%s, %s]  repeat %d, discard %d, scales %s%s%s%n", l.id(), l.unit(),
                    l.direction() == Direction.LOWER_IS_BETTER ? "lower is better" : "higher is better", l.repeat(),
                    l.discard(), l.scales().stream().map(String::valueOf).collect(Collectors.joining(",")),
                    l.memory() == null ? "" : ", memory " + l.memory(), l.peer() ? ", needs a peer" : "");
            if (!l.description().isEmpty()) {
                env.out().println("    " + l.description());
            }
            for (Parameter p : l.params()) {
                env.out().printf("    -p %s=%s (%s%s)%s%n", p.name(), p.defaultValue(), p.type(),
                        p.quick() == null ? "" : ", quick: " + p.quick(),
                        p.description().isEmpty() ? "" : "  " + p.description());
            }
            if (!l.requires().packages().isEmpty()) {
                env.out().println("    needs: " + String.join(" ", l.requires().packages()));
            }
        }
        return 0;
    }

    static Listing listing(PlanSpec s) {
        return new Listing(s.id(), s.description(), s.unit().symbol(), s.unit().direction(), s.repeat(), s.discard(),
                s.scales(), s.peer(), s.requires(), s.params().stream().map(ListCommand::parameter).toList(),
                s.memoryPolicy().map(MemoryPolicy::text).orElse(null));
    }

    private static Parameter parameter(ParamSpec p) {
        return new Parameter(p.name(), p.type(), p.defaultValue(), p.profileValue("quick").orElse(null),
                p.description());
    }
}
