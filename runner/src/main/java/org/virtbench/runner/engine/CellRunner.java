package org.virtbench.runner.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.virtbench.annotations.Level;
import org.virtbench.backend.Backend;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.GuestFacts;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.Phase;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import org.virtbench.plan.WorkloadInstance;
import org.virtbench.runner.cleanup.CleanupScope;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.CellStatus;
import org.virtbench.runner.journal.Journal;
import org.virtbench.runner.journal.JournalEntry;
import org.virtbench.runner.meta.GuestMetadata;
import org.virtbench.runner.stats.Statistics;
import org.virtbench.runner.start.ClockCheck;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.telemetry.ObservableGuests;
import org.virtbench.runner.telemetry.TelemetryRecorder;
import org.virtbench.runner.transport.ssh.ClockDrift;

/**
 * Runs one cell from provisioning to release: checks the required commands in every guest and
 * the peer, sets up the peer and then every guest, runs the trials (setup, measure on all guests
 * released together, teardown), tears down the guests and then the peer, and closes the
 * provisioning, always. A failing or timed-out phase fails only its guest's samples; a guest that
 * timed out is left alone for the rest of the cell, since its thread may still be stuck in it.
 */
final class CellRunner {
    private final CellPlan plan;
    private final CellKey cell;
    private final Backend backend;
    private final int attempt;
    private final Journal journal;
    private final ShutdownGuard guard;
    private final ProgressListener progress;
    private final CampaignSettings settings;
    private final ProvisionRequest request;
    private final Consumer<Provisioning> onProvisioned;

    private List<Guest> guests = List.of();
    private PeerHost peer;
    private List<WorkloadInstance> instances = List.of();
    private String[] deadReason = new String[0];
    private List<List<Double>> kept = List.of();
    private final List<String> problems = new ArrayList<>();
    private int okKeptSamples;
    private int failedSamples;
    private int trialsRun;
    private String repetition;
    private List<GuestFacts> guestFacts = List.of();
    private Provisioning provisioning;
    private CleanupScope.Registration held;
    private GuestPhases phases;
    private String fatal;
    private String doesNotFit;
    private Map<String, String> facts = Map.of();
    private boolean setUp;
    private boolean peerSetUp;
    private final String memoryPolicy;
    private final Set<Integer> failedGuests = new TreeSet<>();
    private final Map<Integer, String> outOfMemory = new TreeMap<>();
    private TelemetryRecorder telemetry = TelemetryRecorder.off();

    /**
     * @param memoryPolicy the policy that sized {@code request}'s memory, with its formula on this host
     */
    CellRunner(CellPlan plan, Backend backend, int attempt, Journal journal, ShutdownGuard guard,
               ProgressListener progress, CampaignSettings settings, ProvisionRequest request, String memoryPolicy,
               Consumer<Provisioning> onProvisioned) {
        this.plan = plan;
        this.cell = plan.cell();
        this.backend = backend;
        this.attempt = attempt;
        this.journal = journal;
        this.guard = guard;
        this.progress = progress;
        this.settings = settings;
        this.request = request;
        this.onProvisioned = onProvisioned;
        this.memoryPolicy = memoryPolicy;
    }

    /**
     * Runs the cell alone, from start to end: provisions once, runs every trial, releases. The
     * campaign's sequential order; {@link RoundScheduler} drives the same steps one trial at a time.
     */
    JournalEntry.CellFinished run() {
        if (start() && provision()) {
            while (wantsTrial() && freshGuestsIfDue()) {
                trial();
            }
        }
        release();
        return finish();
    }

    /**
     * Under {@code --provisionings K}, releases the guests and provisions new ones when the trials of
     * one provisioning are done; false when the new provisioning failed (the cell is then over).
     */
    boolean freshGuestsIfDue() {
        int k = settings.provisioningCount();
        if (k == 1 || provisioning == null || trialsRun == 0 || trialsRun % plan.repeat() != 0
                || trialsRun >= plan.repeat() * k) {
            return true;
        }
        release();
        return provision();
    }


    /** Journals the cell's start; false when the cell cannot run at all (it is then ready to finish). */
    boolean start() {
        journal.append(new JournalEntry.CellStarted(cell.workload(), cell.backend(), cell.guests(), attempt,
                Instant.now().toString(), plan.spec().unit(), plan.spec().unit().direction(), plan.params().asMap(),
                plan.repeat(), plan.discard(), request.memoryBytes(), memoryPolicy, plan.mixParts()));
        long least = Math.max(ProvisionRequest.MEBIBYTE, backend.minimumGuestMemoryBytes());
        if (request.memoryBytes() < least) {
            doesNotFit = "the memory policy " + memoryPolicy + " leaves each of " + cell.guests() + " guests "
                    + (request.memoryBytes() >> 20) + " MiB, less than the " + (least >> 20) + " MiB a "
                    + cell.backend() + " guest needs; give --vm-memory a larger total";
            return false;
        }
        phases = new GuestPhases(cell.workload());
        return true;
    }

    /**
     * Provisions the cell's guests and sets them (and the peer) up. False when that failed: the cell
     * is then over, and whatever was provisioned is released.
     */
    boolean provision() {
        // what the backend creates belongs to the campaign's scope, released on Ctrl-C or SIGTERM too
        try (CleanupScope.Binding bound = guard.guests().bind()) {
            Provisioning made = backend.provision(request);
            held = guard.opened(made); // releases it and throws when the JVM stopped meanwhile
            provisioning = made;
        } catch (RuntimeException e) {
            fatal = "provisioning " + cell.guests() + " guest(s) on " + cell.backend() + " failed: " + message(e);
            return false;
        }
        // what a command's bounded output leaves out goes to a file in the cell's folder
        org.virtbench.runner.transport.OutputSpill.assign(provisioning.guests(), request.outputDirectory());
        try {
            fatal = setUp(provisioning);
        } catch (RuntimeException e) {
            fatal = "the cell failed: " + message(e);
        }
        if (fatal != null) {
            release();
            return false;
        }
        return true;
    }

    /**
     * Whether the cell wants another trial: until the planned trials ran, then in rigorous mode
     * while a guest's samples vary too much, up to the cap. False once the cell failed, every guest
     * is dead or the campaign is stopping.
     */
    boolean wantsTrial() {
        if (fatal != null || doesNotFit != null || guard.stopping() || (provisioning != null && !anyAlive())) {
            return false;
        }
        int planned = plan.repeat() * settings.provisioningCount();
        if (trialsRun < planned) {
            return true;
        }
        // dynamic repetition adds trials in one set of guests; across fresh provisionings the count is fixed
        if (settings.stats() != StatsMode.RIGOROUS || settings.provisioningCount() > 1 || !needsMoreTrials()) {
            return false;
        }
        if (trialsRun >= planned * CampaignSettings.REPETITION_CAP) {
            repetition = "the relative standard deviation stayed above " + settings.maxRelativeStdDev()
                    + " after " + trialsRun + " trials, the cap of " + CampaignSettings.REPETITION_CAP
                    + "x the planned " + planned;
            return false;
        }
        return true;
    }

    /** Whether the guests are provisioned now. */
    boolean provisioned() {
        return provisioning != null;
    }

    /** Runs the next trial on the provisioned guests. */
    void trial() {
        progress.trialStarted(cell, trialsRun + 1, Math.max(plan.repeat() * settings.provisioningCount(),
                trialsRun + 1));
        try {
            runTrial(phases, trialsRun);
        } catch (RuntimeException e) {
            fatal = "the cell failed: " + message(e);
        }
        trialsRun++;
    }

    /** Tears the guests and the peer down and releases the provisioning; nothing when none is held. */
    void release() {
        if (provisioning == null) {
            return;
        }
        telemetry.close();
        telemetry = TelemetryRecorder.off();
        try {
            if (setUp) {
                List<Integer> all = IntStream.range(0, guests.size()).boxed().toList();
                onEachGuest(phases, all, "teardown", Phase.TEARDOWN, false,
                        (g, i) -> i.teardown(Level.PROVISIONING, guests.get(g), peer));
            }
            if (peerSetUp) {
                phases.onEach(List.of(0), "peer teardown", limit(Phase.TEARDOWN), g -> "peer", g -> {
                    instances.get(0).teardownPeer(Level.PROVISIONING, peer);
                    return null;
                }).values().forEach(this::noteFailure);
            }
            facts = GuestMetadata.withHost(backend, provisioning.facts());
        } catch (RuntimeException e) {
            if (fatal == null) {
                fatal = "the cell failed: " + message(e);
            }
        } finally {
            setUp = false;
            peerSetUp = false;
            provisioning = null;
            try {
                held.close();
            } catch (RuntimeException e) {
                problems.add("releasing the guests failed: " + message(e));
            }
        }
    }

    /** Journals how the cell ended and returns it; call once, after {@link #release()}. */
    JournalEntry.CellFinished finish() {
        if (phases != null) {
            phases.close();
        }
        if (doesNotFit != null) {
            return finish(CellStatus.DOES_NOT_FIT, doesNotFit, Map.of());
        }
        if (fatal == null && okKeptSamples == 0) {
            fatal = problems.isEmpty() ? "no kept sample holds a value" : problems.get(0);
        }
        CellStatus status = fatal == null && okKeptSamples > 0 ? CellStatus.COMPLETED : CellStatus.FAILED;
        String reason = fatal != null ? fatal
                : problems.isEmpty() ? null
                : (failedSamples > 0 ? failedSamples + " sample(s) failed; " : "") + "first problem: " + problems.get(0);
        if (status == CellStatus.FAILED && !outOfMemory.isEmpty() && failedGuests.equals(outOfMemory.keySet())) {
            // every guest that failed ran out of its memory: the guests do not fit, as in the paper's n = 32
            status = CellStatus.DOES_NOT_FIT;
            reason = "the guests do not fit in " + (request.memoryBytes() >> 20) + " MiB each (" + memoryPolicy
                    + "): " + outOfMemory.size() + " of " + cell.guests() + " ran out of memory; " + reason;
        }
        if (trialsRun > plan.repeat() * settings.provisioningCount() && repetition == null) {
            repetition = "added " + (trialsRun - plan.repeat()) + " trial(s) to the planned " + plan.repeat()
                    + " until the relative standard deviation was at most " + settings.maxRelativeStdDev();
        }
        return finish(status, reason, facts);
    }

    private JournalEntry.CellFinished finish(CellStatus status, String reason, Map<String, String> facts) {
        JournalEntry.CellFinished end = new JournalEntry.CellFinished(cell.workload(), cell.backend(), cell.guests(),
                attempt, Instant.now().toString(), status, reason, plan.repeat() * settings.provisioningCount(),
                trialsRun, repetition, facts,
                guestFacts);
        journal.append(end);
        return end;
    }

    /** Everything between provisioning and the first trial; returns why the whole cell failed, or null. */
    private String setUp(Provisioning provisioning) {
        onProvisioned.accept(provisioning);
        guests = provisioning.guests();
        peer = provisioning.peer().orElse(null);
        if (guests.size() != cell.guests()) {
            return cell.backend() + " provisioned " + guests.size() + " guest(s) instead of " + cell.guests();
        }
        if (plan.spec().peer() && peer == null) {
            return cell.backend() + " provided no peer host, which " + cell.workload() + " needs";
        }
        String missing = missingRequirements(phases);
        if (missing != null) {
            return missing;
        }
        guestFacts = collectFacts(phases, GuestMetadata.hostFacts(backend, provisioning.facts()));
        List<WorkloadInstance> created = new ArrayList<>();
        for (int g = 0; g < guests.size(); g++) {
            CellPlan.GuestGroup group = plan.groupOf(g);
            created.add(group.plan().instantiate(group.params()));
        }
        instances = created;
        deadReason = new String[guests.size()];
        if (kept.isEmpty()) {
            kept = IntStream.range(0, guests.size()).mapToObj(g -> (List<Double>) new ArrayList<Double>()).toList();
        }
        List<Integer> all = IntStream.range(0, guests.size()).boxed().toList();
        setUp = true;
        if (peer != null) {
            peerSetUp = true;
            PhaseOutcome<Object> outcome = phases.onEach(List.of(0), "peer setup", limit(Phase.SETUP), g -> "peer",
                    g -> {
                        instances.get(0).setupPeer(Level.PROVISIONING, peer);
                        return null;
                    }).get(0);
            if (outcome instanceof PhaseOutcome.Failed<Object> f) {
                return f.reason();
            }
        }
        onEachGuest(phases, all, "setup", Phase.SETUP, true,
                (g, i) -> i.setup(Level.PROVISIONING, guests.get(g), peer));
        telemetry = startTelemetry();
        return null;
    }

    private void runTrial(GuestPhases phases, int trial) {
        List<Integer> alive = IntStream.range(0, guests.size()).filter(g -> deadReason[g] == null).boxed().toList();
        Map<Integer, PhaseOutcome<Object>> setup = onEachGuest(phases, alive, "trial setup", Phase.SETUP, false,
                (g, i) -> i.setup(Level.TRIAL, guests.get(g), peer));
        List<Integer> ready = alive.stream().filter(g -> setup.get(g).ok()).toList();
        // every provisioning warms up anew: its first trials are discarded
        boolean discarded = (settings.provisioningCount() > 1 ? trial % plan.repeat() : trial) < plan.discard();
        telemetry.trialStarting(trial);
        Map<Integer, PhaseOutcome<GuestPhases.Timed>> measured = phases.measureTogether(ready, limit(Phase.MEASURE),
                this::guestName, guests::get, g -> instances.get(g).measure(guests.get(g), peer));
        telemetry.trialEnded(trial, discarded);
        TrialSpans spans = new TrialSpans();
        for (int g = 0; g < guests.size(); g++) {
            PhaseOutcome<?> outcome = measured.containsKey(g) ? measured.get(g) : setup.get(g);
            if (outcome == null) {
                failedSample(g, trial, discarded, deadReason[g], null);
            } else if (outcome instanceof PhaseOutcome.Failed<?> f) {
                failedSample(g, trial, discarded, f.reason(), f.raw());
                if (f.timedOut()) {
                    deadReason[g] = "skipped: " + f.reason() + " in an earlier trial";
                }
            } else if (outcome instanceof PhaseOutcome.Done<?> done && done.value() instanceof GuestPhases.Timed t) {
                Measurement m = t.measurement();
                PlanSpec spec = plan.groupOf(g).spec();
                if (m.unit() != spec.unit()) {
                    failedSample(g, trial, discarded, "measure in " + guestName(g) + " returned " + m.unit()
                            + " but " + spec.id() + " declares " + spec.unit(), m.raw());
                    continue;
                }
                journal.append(JournalEntry.Sample.ok(new JournalEntry.Sample.Slot(cell, attempt, g, trial, discarded),
                        m.value(), m.unit(), withClock(m.secondary(), t.clock()),
                        new JournalEntry.Sample.Span(t.startNanos(), t.endNanos(), t.source(), t.spanNote()),
                        plan.mixed() ? spec.id() : null));
                if (!discarded) {
                    kept.get(g).add(m.value());
                    okKeptSamples++;
                }
                spans.add(t.startNanos(), t.endNanos(), t.source().gated(), t.receivedNanos(), t.opening());
            }
        }
        if (!spans.empty()) {
            journal.append(spans.window(cell, attempt, trial));
        }
        onEachGuest(phases, alive, "trial teardown", Phase.TEARDOWN, false,
                (g, i) -> i.teardown(Level.TRIAL, guests.get(g), peer));
    }

    /** The workload's secondary figures and, for a guest with its own kernel, its clock check's. */
    private static Map<String, Double> withClock(Map<String, Double> secondary, ClockCheck clock) {
        if (clock == null) {
            return secondary;
        }
        Map<String, Double> all = new java.util.LinkedHashMap<>(secondary);
        all.putAll(ClockDrift.figures(clock));
        return all;
    }

    /**
     * Runs a lifecycle call on each guest at once and notes failures. A guest that timed out, or
     * failed where {@code failureEndsGuest}, takes no part in the rest of the cell.
     */
    private Map<Integer, PhaseOutcome<Object>> onEachGuest(GuestPhases phases, List<Integer> which, String what,
                                                           Phase phase, boolean failureEndsGuest, GuestCall call) {
        Map<Integer, PhaseOutcome<Object>> outcomes = phases.onEach(which, what, limit(phase), this::guestName, g -> {
            call.run(g, instances.get(g));
            return null;
        });
        outcomes.forEach((g, outcome) -> {
            if (outcome instanceof PhaseOutcome.Failed<Object> f) {
                problems.add(withMemory(g, f.reason()));
                if (failureEndsGuest || f.timedOut()) {
                    deadReason[g] = "skipped: " + f.reason();
                }
            }
        });
        return outcomes;
    }

    @FunctionalInterface
    private interface GuestCall {
        void run(int guest, WorkloadInstance instance);
    }

    private void failedSample(int g, int trial, boolean discarded, String why, String raw) {
        failedSamples++;
        failedGuests.add(g);
        String reason = withMemory(g, why);
        PlanSpec spec = plan.groupOf(g).spec();
        journal.append(JournalEntry.Sample.failed(new JournalEntry.Sample.Slot(cell, attempt, g, trial, discarded),
                spec.unit(), reason, raw, plan.mixed() ? spec.id() : null));
        if (!problems.contains(reason)) {
            problems.add(reason);
        }
    }

    /** The failure reason, with the guest's running out of memory added when its backend saw it. */
    private String withMemory(int g, String reason) {
        if (provisioning == null || g >= guests.size()) {
            return reason;
        }
        failedGuests.add(g);
        if (!outOfMemory.containsKey(g)) {
            try {
                provisioning.outOfMemory(g).ifPresent(seen -> outOfMemory.put(g, seen));
            } catch (RuntimeException e) {
                // the backend cannot tell: the reason stands as it is
            }
        }
        String seen = outOfMemory.get(g);
        return seen == null || reason.contains("ran out of its memory") ? reason
                : reason + " (" + guestName(g) + " ran out of its memory of " + (request.memoryBytes() >> 20)
                + " MiB: " + seen + ")";
    }

    private void noteFailure(PhaseOutcome<?> outcome) {
        if (outcome instanceof PhaseOutcome.Failed<?> f) {
            problems.add(f.reason());
        }
    }

    /**
     * Telemetry for this cell's trials into its folder; off when the campaign says so, when the
     * cell has no folder, or when it cannot start (noted as a problem of the cell, never fatal).
     */
    private TelemetryRecorder startTelemetry() {
        if (request.outputDirectory() == null) {
            return TelemetryRecorder.off();
        }
        try {
            return TelemetryRecorder.start(request.outputDirectory(), settings.telemetryInterval(), cell.workload(),
                    cell.backend(), attempt, guests, provisioning instanceof ObservableGuests o
                            ? Optional.of(o) : Optional.empty());
        } catch (IOException | RuntimeException e) {
            problems.add("telemetry could not start: " + message(e));
            return TelemetryRecorder.off();
        }
    }

    /** Checks every required command in every guest and on the peer; null when all are there. */
    private String missingRequirements(GuestPhases phases) {
        if (plan.groups().stream().allMatch(gr -> gr.spec().requires().commands().isEmpty())) {
            return null;
        }
        List<Guest> places = new ArrayList<>(guests);
        if (peer != null) {
            places.add(peer);
        }
        // the peer serves the first workload, the only one in a cell with a peer
        IntFunction<Requirements> needs = i -> plan.groupOf(Math.min(i, guests.size() - 1)).spec().requires();
        List<Integer> indexes = IntStream.range(0, places.size()).boxed().toList();
        Map<Integer, PhaseOutcome<List<String>>> found = phases.onEach(indexes, "checking the required commands",
                Duration.ofMinutes(2), i -> places.get(i).name(),
                i -> needs.apply(i).commands().stream().filter(c -> !places.get(i).hasCommand(c)).toList());
        List<String> messages = new ArrayList<>();
        found.forEach((i, outcome) -> {
            if (outcome instanceof PhaseOutcome.Done<List<String>> d) {
                String install = needs.apply(i).packages().isEmpty() ? "install the package that provides it"
                        : "install it: " + needs.apply(i).installHint();
                d.value().forEach(c -> messages.add(c + " not found in " + places.get(i).name() + "; " + install));
            } else if (outcome instanceof PhaseOutcome.Failed<List<String>> f) {
                messages.add(f.reason());
            }
        });
        return messages.isEmpty() ? null : String.join("; ", messages);
    }

    private List<GuestFacts> collectFacts(GuestPhases phases, Map<String, String> hostFacts) {
        List<Integer> all = IntStream.range(0, guests.size()).boxed().toList();
        return phases.onEach(all, "reading guest facts", Duration.ofMinutes(1), this::guestName,
                        g -> GuestMetadata.collect(guests.get(g), hostFacts)).values().stream()
                .filter(PhaseOutcome::ok).map(o -> ((PhaseOutcome.Done<GuestFacts>) o).value()).toList();
    }

    private boolean anyAlive() {
        return Arrays.stream(deadReason).anyMatch(r -> r == null);
    }

    private boolean needsMoreTrials() {
        for (int g = 0; g < guests.size(); g++) {
            double[] values = kept.get(g).stream().mapToDouble(Double::doubleValue).toArray();
            if (deadReason[g] == null && values.length >= 2
                    && Statistics.needsMoreTrials(values, settings.maxRelativeStdDev())) {
                return true;
            }
        }
        return false;
    }

    /** The phase's limit: the workload's, or in a mixed cell the longest of its workloads'. */
    private Duration limit(Phase phase) {
        return plan.groups().stream().map(g -> g.spec().timeout(phase)).max(Duration::compareTo).orElseThrow();
    }

    private String guestName(int g) {
        return guests.get(g).name();
    }

    private static String message(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
