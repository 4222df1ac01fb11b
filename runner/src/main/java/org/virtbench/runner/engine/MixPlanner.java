package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.journal.CellKey;

/**
 * Plans {@code --mix}: different workloads in different guests at once, the paper's suggestion for
 * future work. {@code --mix sysbench-oltp:2,kernel-build:2} gives, on each backend, a mixed cell of
 * 4 guests (2 run sysbench-oltp, then 2 kernel-build, all measured together) and, before it, the
 * solo cell of each workload at the same n = 4, against which each guest of the mix is normalized:
 * the workload alone in as many guests as the mix has.
 *
 * <p>All cells take the same trial counts: {@code --repeat}/{@code --discard} when given, else the
 * largest {@code @Repeat} and {@code @DiscardFirst} of the workloads. The memory policy is
 * {@code --vm-memory}, else the workloads' own when they agree, else {@code default}.
 */
final class MixPlanner {
    private static final Pattern PART = Pattern.compile("([a-z0-9][a-z0-9-]*):(\\d+)");
    /** The prefix of a mixed cell's workload id: {@code mix:sysbench-oltp:2,kernel-build:2}. */
    static final String PREFIX = "mix:";

    private MixPlanner() {
    }

    static List<CellPlan> plan(CampaignSettings settings, WorkloadCatalog catalog, MemoryPolicy override) {
        if (settings.include() != null || settings.exclude() != null || !settings.scales().isEmpty()) {
            throw new IllegalArgumentException("--mix picks its workloads and n itself; leave out --include, "
                    + "--exclude and --scale");
        }
        Map<PlanSpec, Integer> parts = parse(settings.mix(), catalog.specs());
        for (String name : settings.params().keySet()) {
            if (parts.keySet().stream().noneMatch(s -> s.param(name).isPresent())) {
                throw new IllegalArgumentException("-p " + name + ": no workload of --mix has a parameter named '"
                        + name + "'; 'virtbench list' shows each workload's parameters");
            }
        }
        int n = parts.values().stream().mapToInt(Integer::intValue).sum();
        int repeat = settings.repeatOverride()
                .orElse(parts.keySet().stream().mapToInt(PlanSpec::repeat).max().orElseThrow());
        int discard = settings.discardOverride()
                .orElse(parts.keySet().stream().mapToInt(PlanSpec::discard).max().orElseThrow());
        CampaignPlanner.checkTrials("--mix " + settings.mix(), repeat, discard);
        MemoryPolicy memory = override != null ? override : agreed(parts.keySet());
        String id = PREFIX + text(parts);
        List<CellPlan> cells = new ArrayList<>();
        for (String backend : settings.backends()) {
            List<CellPlan.GuestGroup> groups = new ArrayList<>();
            for (Map.Entry<PlanSpec, Integer> part : parts.entrySet()) {
                PlanSpec spec = part.getKey();
                CellPlan solo = CampaignPlanner.solo(settings, catalog, spec, backend, n, repeat, discard, memory);
                cells.add(solo);
                groups.add(new CellPlan.GuestGroup(spec, solo.plan(), solo.params(), part.getValue()));
            }
            CellPlan.GuestGroup first = groups.get(0);
            cells.add(new CellPlan(new CellKey(id, backend, n), first.spec(), first.plan(), first.params(), repeat,
                    discard, memory, groups));
        }
        return cells;
    }

    /**
     * Parses {@code ID:COUNT,ID:COUNT...}: at least two different workloads, each known, without
     * {@code @Peer} (a mixed cell has no room for each workload's peer), each in at least one guest.
     */
    static Map<PlanSpec, Integer> parse(String mix, List<PlanSpec> specs) {
        Map<PlanSpec, Integer> parts = new LinkedHashMap<>();
        for (String item : mix.split(",")) {
            Matcher m = PART.matcher(item.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("--mix '" + item.trim() + "' is not WORKLOAD:GUESTS; write it "
                        + "like --mix sysbench-oltp:2,kernel-build:2");
            }
            PlanSpec spec = specs.stream().filter(s -> s.id().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--mix: no workload '" + m.group(1)
                            + "'; 'virtbench list' shows the workload ids"));
            int guests = Integer.parseInt(m.group(2));
            if (guests < 1) {
                throw new IllegalArgumentException("--mix " + item.trim() + ": give each workload at least 1 guest");
            }
            if (spec.peer()) {
                throw new IllegalArgumentException("--mix: " + spec.id() + " needs a @Peer host, which a mixed cell "
                        + "cannot give each workload; mix workloads without a peer");
            }
            if (parts.put(spec, guests) != null) {
                throw new IllegalArgumentException("--mix names " + spec.id() + " twice; give it once with all "
                        + "its guests");
            }
        }
        if (parts.size() < 2) {
            throw new IllegalArgumentException("--mix needs at least two different workloads, such as "
                    + "--mix sysbench-oltp:2,kernel-build:2; for one workload use --include and --scale");
        }
        return parts;
    }

    private static String text(Map<PlanSpec, Integer> parts) {
        return String.join(",", parts.entrySet().stream().map(e -> e.getKey().id() + ":" + e.getValue()).toList());
    }

    /** The workloads' own policy when they all give the same one, else the default. */
    private static MemoryPolicy agreed(java.util.Set<PlanSpec> specs) {
        List<Optional<MemoryPolicy>> own = specs.stream().map(PlanSpec::memoryPolicy).distinct().toList();
        return own.size() == 1 && own.get(0).isPresent() ? own.get(0).get() : MemoryPolicy.hostScaled();
    }
}
