package org.virtbench.runner.engine;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;

/** The workloads a campaign can choose from, and the plan of each. */
public interface WorkloadCatalog {
    /** Every workload, sorted by id. */
    List<PlanSpec> specs();

    /**
     * The executable plan of a workload of this catalog.
     *
     * @throws IllegalStateException when the plan cannot be loaded
     */
    ExecutionPlan plan(PlanSpec spec);

    /** The workloads of a plan index: what the processor generated on the class path. */
    static WorkloadCatalog of(PlanIndex index) {
        return new WorkloadCatalog() {
            @Override
            public List<PlanSpec> specs() {
                return index.plans();
            }

            @Override
            public ExecutionPlan plan(PlanSpec spec) {
                return index.plan(spec);
            }
        };
    }

    /** Plans given directly, for tests and embedding. */
    static WorkloadCatalog of(List<ExecutionPlan> plans) {
        Map<String, ExecutionPlan> byId = new LinkedHashMap<>();
        plans.stream().sorted(Comparator.comparing(p -> p.spec().id())).forEach(p -> byId.put(p.spec().id(), p));
        return new WorkloadCatalog() {
            @Override
            public List<PlanSpec> specs() {
                return byId.values().stream().map(ExecutionPlan::spec).toList();
            }

            @Override
            public ExecutionPlan plan(PlanSpec spec) {
                return byId.get(spec.id());
            }
        };
    }
}
