package org.virtbench.runner.engine;

import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.journal.CellKey;

/**
 * One cell, ready to run: the workload's plan with its parameters resolved and the trial counts in
 * force.
 *
 * @param repeat  planned trials, {@code >= 1}
 * @param discard leading trials left out of the summary, {@code < repeat}
 */
public record CellPlan(CellKey cell, PlanSpec spec, ExecutionPlan plan, ParamValues params, int repeat, int discard) {
    public CellPlan {
        if (repeat < 1 || discard < 0 || discard >= repeat) {
            throw new IllegalArgumentException("repeat " + repeat + " and discard " + discard
                    + " leave nothing to summarize");
        }
    }
}
