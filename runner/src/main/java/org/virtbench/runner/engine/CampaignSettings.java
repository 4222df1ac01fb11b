package org.virtbench.runner.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.MemoryPolicyJson;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.telemetry.TelemetryInterval;
import org.virtbench.runner.system.DurableFiles;
import org.virtbench.runner.system.SchemaVersionException;

/**
 * Everything that decides what a campaign runs and how it is summarized: the {@code run} options
 * after parsing. Kept as {@value #FILE} in the output directory, so {@code run --resume DIR} needs
 * nothing else.
 *
 * @param backends          backend ids in the order given, such as {@code host} or {@code ssh:lab.yaml}
 * @param include           regular expression a workload id must contain a match of; null for all
 * @param exclude           regular expression that drops a workload whose id contains a match; null for none
 * @param profile           {@code paper} or {@code quick}
 * @param params            {@code -p} overrides by name
 * @param repeat            {@code --repeat}, overriding every workload's own; null when not given
 * @param discard           {@code --discard}; null when not given
 * @param scales            {@code --scale}, overriding every workload's guest counts; empty when not given
 * @param stats             paper or rigorous statistics
 * @param maxRelativeStdDev rigorous mode adds trials while a guest's kept samples vary more than
 *                          this (relative standard deviation), up to {@link #REPETITION_CAP} times the planned trials
 * @param commandLine       the arguments the campaign was started with
 * @param started           when it was started, ISO-8601
 * @param vmMemory          {@code --vm-memory}, overriding every workload's policy; null when not given. Typed:
 *                          its text ({@code paper}, {@code total=SIZE[,cap=SIZE]}) only in {@value #FILE}
 * @param mix               {@code --mix}, such as {@code sysbench-oltp:2,kernel-build:2}; null when not given
 * @param telemetry         {@code --telemetry}: {@code off} or a sampling period such as {@code 1s} or
 *                          {@code 250ms}; null for the default, {@link TelemetryInterval#DEFAULT}
 * @param order             {@code --order} as written ({@link TrialOrder#text()}); null in settings written
 *                          before it existed, which ran sequentially
 * @param provisionings     {@code --provisionings}: how many fresh provisionings (new guests) each cell's
 *                          trials are spread over, {@code repeat} trials in each; null for one
 */
public record CampaignSettings(List<String> backends, String include, String exclude, String profile,
                               Map<String, String> params, Integer repeat, Integer discard, List<Integer> scales,
                               StatsMode stats, double maxRelativeStdDev, List<String> commandLine, String started,
                               MemoryPolicy vmMemory, String mix, String telemetry, String order,
                               Integer provisionings) {
    /** The settings file's name in the output directory. */
    public static final String FILE = "campaign.json";
    /** The format of {@value #FILE} this version writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;
    /** Dynamic repetition stops at this many times the planned trials. */
    public static final int REPETITION_CAP = 3;
    /** The default {@code --rsd}. */
    public static final double DEFAULT_MAX_RSD = 0.03;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(MemoryPolicyJson.module());

    public CampaignSettings {
        backends = List.copyOf(backends);
        params = new TreeMap<>(params);
        scales = List.copyOf(scales);
        commandLine = List.copyOf(commandLine);
    }

    /** Settings without {@code --order} and {@code --provisionings}: sequential, one provisioning a cell. */
    public CampaignSettings(List<String> backends, String include, String exclude, String profile,
                            Map<String, String> params, Integer repeat, Integer discard, List<Integer> scales,
                            StatsMode stats, double maxRelativeStdDev, List<String> commandLine, String started,
                            MemoryPolicy vmMemory, String mix, String telemetry) {
        this(backends, include, exclude, profile, params, repeat, discard, scales, stats, maxRelativeStdDev,
                commandLine, started, vmMemory, mix, telemetry, null, null);
    }

    /** Settings without {@code --telemetry}, as written before it existed: telemetry at its default. */
    public CampaignSettings(List<String> backends, String include, String exclude, String profile,
                            Map<String, String> params, Integer repeat, Integer discard, List<Integer> scales,
                            StatsMode stats, double maxRelativeStdDev, List<String> commandLine, String started,
                            MemoryPolicy vmMemory, String mix) {
        this(backends, include, exclude, profile, params, repeat, discard, scales, stats, maxRelativeStdDev,
                commandLine, started, vmMemory, mix, null);
    }

    /** Settings without {@code --vm-memory} and {@code --mix}, as written before they existed. */
    public CampaignSettings(List<String> backends, String include, String exclude, String profile,
                            Map<String, String> params, Integer repeat, Integer discard, List<Integer> scales,
                            StatsMode stats, double maxRelativeStdDev, List<String> commandLine, String started) {
        this(backends, include, exclude, profile, params, repeat, discard, scales, stats, maxRelativeStdDev,
                commandLine, started, null, null, null);
    }

    /** The campaign's memory policy, when {@code --vm-memory} gave one. */
    public Optional<MemoryPolicy> memoryOverride() {
        return Optional.ofNullable(vmMemory);
    }

    /**
     * How often telemetry samples each cell.
     *
     * @throws IllegalArgumentException when {@code telemetry} is not {@code off} or a period
     */
    public TelemetryInterval telemetryInterval() {
        return TelemetryInterval.parse(telemetry);
    }

    /**
     * The order of trials: {@code --order}, or sequential for settings written before it existed.
     *
     * @throws IllegalArgumentException when {@code order} is not one
     */
    public TrialOrder trialOrder() {
        return order == null ? new TrialOrder.Sequential() : TrialOrder.parse(order);
    }

    /** How many fresh provisionings each cell's trials are spread over: {@code --provisionings}, else 1. */
    public int provisioningCount() {
        return provisionings == null ? 1 : provisionings;
    }

    /** The {@code --mix} specification, when given. */
    public Optional<String> mixOverride() {
        return Optional.ofNullable(mix);
    }

    public Optional<Integer> repeatOverride() {
        return Optional.ofNullable(repeat);
    }

    public Optional<Integer> discardOverride() {
        return Optional.ofNullable(discard);
    }

    /** Writes {@value #FILE} into {@code directory}, with its schema version, replacing it durably. */
    public void write(Path directory) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("schemaVersion", SCHEMA_VERSION);
        root.setAll((ObjectNode) JSON.valueToTree(this));
        DurableFiles.replace(directory.resolve(FILE), out -> JSON.writeValue(out, root));
    }

    /**
     * Reads {@value #FILE} from {@code directory}; a file without a version is of version 1.
     *
     * @throws SchemaVersionException when a newer virtbench wrote it
     */
    public static CampaignSettings read(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object");
        }
        SchemaVersionException.check(file, root.path("schemaVersion").asInt(1), SCHEMA_VERSION);
        return JSON.treeToValue(root, CampaignSettings.class);
    }
}
