package org.virtbench.runner.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.JournalEntry;

/**
 * One cell, ready to run: the workload's plan with its parameters resolved, the trial counts and
 * the memory policy in force. A mixed cell ({@code --mix}) runs several workloads, one group of
 * guests each; {@link #spec()}, {@link #plan()} and {@link #params()} are then its first group's.
 *
 * @param repeat  planned trials, {@code >= 1}
 * @param discard leading trials left out of the summary, {@code < repeat}
 * @param memory  the memory policy that sizes each guest
 * @param groups  the workloads and how many guests run each, in guest order; their guests add up
 *                to the cell's n. A single-workload cell has one group of n guests.
 */
public record CellPlan(CellKey cell, PlanSpec spec, ExecutionPlan plan, ParamValues params, int repeat, int discard,
                       MemoryPolicy memory, List<GuestGroup> groups) {
    public CellPlan {
        if (repeat < 1 || discard < 0 || discard >= repeat) {
            throw new IllegalArgumentException("repeat " + repeat + " and discard " + discard
                    + " leave nothing to summarize");
        }
        Objects.requireNonNull(memory, "memory");
        groups = groups.isEmpty() ? List.of(new GuestGroup(spec, plan, params, cell.guests())) : List.copyOf(groups);
        if (groups.stream().mapToInt(GuestGroup::guests).sum() != cell.guests()) {
            throw new IllegalArgumentException("the groups of " + cell + " do not add up to its " + cell.guests()
                    + " guests");
        }
    }

    /**
     * A workload run by some of a cell's guests.
     *
     * @param guests how many consecutive guests run it, at least 1
     */
    public record GuestGroup(PlanSpec spec, ExecutionPlan plan, ParamValues params, int guests) {
        public GuestGroup {
            Objects.requireNonNull(spec, "spec");
            if (guests < 1) {
                throw new IllegalArgumentException("a group has at least one guest, got " + guests);
            }
        }
    }

    /** True for a cell of {@code --mix}: its guests run different workloads. */
    public boolean mixed() {
        return !cell.workload().equals(spec.id());
    }

    /** The group guest {@code g} belongs to. */
    public GuestGroup groupOf(int g) {
        int first = 0;
        for (GuestGroup group : groups) {
            if (g < first + group.guests()) {
                return group;
            }
            first += group.guests();
        }
        throw new IllegalArgumentException("guest " + g + " is not in " + cell);
    }

    /** The parts of a mixed cell, for the journal; empty for a single workload. */
    public List<JournalEntry.MixPart> mixParts() {
        if (!mixed()) {
            return List.of();
        }
        List<JournalEntry.MixPart> parts = new ArrayList<>();
        int first = 0;
        for (GuestGroup group : groups) {
            parts.add(new JournalEntry.MixPart(group.spec().id(), first, group.guests(), group.spec().unit(),
                    group.spec().unit().direction(), group.params().asMap()));
            first += group.guests();
        }
        return parts;
    }

    /** Every workload of the cell, in guest order, each once. */
    public List<PlanSpec> specs() {
        return groups.stream().map(GuestGroup::spec).distinct().toList();
    }
}
