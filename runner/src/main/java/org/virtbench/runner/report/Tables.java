package org.virtbench.runner.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.virtbench.guest.GuestFacts;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.BackendResult;
import org.virtbench.runner.results.ResultsDocument.CellResult;
import org.virtbench.runner.results.ResultsDocument.WorkloadResult;

/**
 * The paper's Table 2 (tool versions on the host and in the guests) and Table 3 (each
 * technology's version, accelerator and kernels), generated from the facts the results carry.
 *
 * <p>Facts are read by key: a guest's package version is {@code guest.package.NAME} in a cell's
 * provisioning facts or its backend's probe facts; a backend's version is the first fact named
 * {@code version} or ending in {@code .version}; its accelerator the fact {@code accelerator}.
 */
final class Tables {
    /** The prefix of a provisioning fact that gives a package's version inside the guests. */
    static final String GUEST_PACKAGE = "guest.package.";

    private Tables() {
    }

    /**
     * A row of Table 2: one package a workload's tool comes from.
     *
     * @param hostVersion   the Debian version installed on the host; empty when not installed or not recorded
     * @param guestVersions per guest backend, its version inside the guests; empty when not recorded
     */
    record ToolRow(String workload, String unit, String packageName, Optional<String> hostVersion,
                   Map<String, Optional<String>> guestVersions) {
        /** True when the guests of that backend report a version that is not the host's (also when the host has none). */
        boolean mismatch(String backend) {
            Optional<String> guest = guestVersions.getOrDefault(backend, Optional.empty());
            return guest.isPresent() && !guest.equals(hostVersion);
        }
    }

    /**
     * A row of Table 3.
     *
     * @param guestKernels the distinct kernels the guests reported; the host's for bare metal
     */
    record TechnologyRow(String backend, String technology, String version, String accelerator, String hostKernel,
                         String guestKernels) {
    }

    /** The backends that run guests: all but the baseline. */
    static List<String> guestBackends(ResultsDocument doc) {
        return Figures.backendOrder(doc).stream().filter(b -> !b.equals(doc.campaign().baseline())).toList();
    }

    /** Table 2: a row per package of each workload, in workload order. */
    static List<ToolRow> tools(ResultsDocument doc) {
        List<ToolRow> rows = new ArrayList<>();
        for (String id : Figures.workloadOrder(doc)) {
            Optional<WorkloadResult> workload = doc.workload(id);
            String unit = workload.map(WorkloadResult::unit).orElseGet(() -> doc.cells().stream()
                    .filter(c -> c.cell().workload().equals(id) && c.cell().unit() != null).map(c -> c.cell().unit()).findFirst()
                    .orElse(""));
            for (String pkg : workload.map(WorkloadResult::packages).orElse(List.of())) {
                Map<String, Optional<String>> guests = new LinkedHashMap<>();
                for (String backend : guestBackends(doc)) {
                    guests.put(backend, guestFact(doc, backend, GUEST_PACKAGE + pkg));
                }
                rows.add(new ToolRow(id, unit, pkg, Optional.ofNullable(doc.host())
                        .map(h -> h.packageVersions().get(pkg)), guests));
            }
        }
        return rows;
    }

    /** Table 3: the baseline first, then every backend in campaign order. */
    static List<TechnologyRow> technologies(ResultsDocument doc) {
        String hostKernel = doc.host() == null || doc.host().kernel() == null ? "not recorded" : doc.host().kernel();
        List<TechnologyRow> rows = new ArrayList<>();
        List<String> order = new ArrayList<>(Figures.backendOrder(doc));
        if (order.remove(doc.campaign().baseline())) {
            order.add(0, doc.campaign().baseline());
        }
        for (String id : order) {
            Optional<BackendResult> backend = doc.backends().stream().filter(b -> b.id().equals(id)).findFirst();
            String technology = backend.map(BackendResult::technology).orElse(null);
            boolean baseline = id.equals(doc.campaign().baseline());
            String version = facts(doc, id).filter(e -> e.getKey().equals("version") || e.getKey().endsWith(".version"))
                    .map(Map.Entry::getValue).filter(Objects::nonNull).findFirst()
                    .orElse(baseline ? "-" : "not recorded");
            String accelerator = facts(doc, id).filter(e -> e.getKey().equals("accelerator")).map(Map.Entry::getValue)
                    .findFirst().orElse("none");
            Set<String> kernels = new LinkedHashSet<>();
            doc.cells().stream().filter(c -> c.cell().backend().equals(id)).flatMap(c -> c.provisioned().guestFacts().stream())
                    .map(GuestFacts::kernel).filter(Objects::nonNull).forEach(kernels::add);
            String guestKernels = baseline ? "(no guest: " + hostKernel + ")"
                    : kernels.isEmpty() ? "not recorded" : String.join(", ", kernels);
            rows.add(new TechnologyRow(id, technology == null ? "not recorded" : technology, version, accelerator,
                    hostKernel, guestKernels));
        }
        return rows;
    }

    /** A fact of a backend: from its cells' provisioning facts first, then its probe. */
    static Optional<String> guestFact(ResultsDocument doc, String backend, String key) {
        return facts(doc, backend).filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).findFirst();
    }

    private static Stream<Map.Entry<String, String>> facts(ResultsDocument doc, String backend) {
        Stream<Map.Entry<String, String>> provisioned = doc.cells().stream().filter(c -> c.cell().backend().equals(backend))
                .flatMap(c -> c.provisioned().provisioningFacts().entrySet().stream());
        Stream<Map.Entry<String, String>> probed = doc.backends().stream().filter(b -> b.id().equals(backend))
                .flatMap(b -> b.probeFacts().entrySet().stream());
        return Stream.concat(provisioned, probed).filter(e -> e.getValue() != null);
    }
}
