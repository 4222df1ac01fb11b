package org.virtbench.runner.testing;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.Phase;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;
import org.virtbench.plan.WorkloadInstance;

/**
 * A hand-written plan whose lifecycle calls are recorded in {@link Events} and whose behaviour
 * (values, failures, delays) a test scripts per guest and trial.
 */
public final class ScriptedPlan implements ExecutionPlan {
    /** What the workload does; throwing fails the phase. Trials count from 0. */
    public interface Script {
        default void setup(Level level, int guest, int trial) throws Exception {
        }

        double measure(int guest, int trial) throws Exception;

        /** The measure with the guest itself, for a script that tells backends apart by guest name. */
        default double measureOn(Guest guest, int trial) throws Exception {
            return measure(guest.index(), trial);
        }

        default void teardown(Level level, int guest, int trial) throws Exception {
        }

        default void setupPeer() throws Exception {
        }

        default void teardownPeer() throws Exception {
        }
    }

    private final PlanSpec spec;
    private final Script script;
    private final Events events;

    private ScriptedPlan(PlanSpec spec, Script script, Events events) {
        this.spec = spec;
        this.script = script;
        this.events = events;
    }

    public static Builder builder(String id, Events events) {
        return new Builder(id, events);
    }

    @Override
    public PlanSpec spec() {
        return spec;
    }

    @Override
    public WorkloadInstance instantiate(ParamValues values) {
        events.add("instantiate " + spec.id() + " " + values.asMap());
        return new Instance();
    }

    private final class Instance implements WorkloadInstance {
        private int trial = -1;

        @Override
        public void setup(Level level, Guest guest, PeerHost peer) {
            if (level == Level.TRIAL) {
                trial++;
            }
            events.add("setup " + level + " g" + guest.index() + (level == Level.TRIAL ? " t" + trial : ""));
            call(() -> script.setup(level, guest.index(), trial));
        }

        @Override
        public Measurement measure(Guest guest, PeerHost peer) {
            events.add("measure g" + guest.index() + " t" + trial);
            double[] value = new double[1];
            call(() -> value[0] = script.measureOn(guest, trial));
            return Measurement.of(value[0], spec.unit());
        }

        @Override
        public void teardown(Level level, Guest guest, PeerHost peer) {
            events.add("teardown " + level + " g" + guest.index() + (level == Level.TRIAL ? " t" + trial : ""));
            call(() -> script.teardown(level, guest.index(), trial));
        }

        @Override
        public void setupPeer(Level level, PeerHost peer) {
            events.add("setupPeer " + peer.name());
            call(script::setupPeer);
        }

        @Override
        public void teardownPeer(Level level, PeerHost peer) {
            events.add("teardownPeer " + peer.name());
            call(script::teardownPeer);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void call(Body body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Builds the spec; defaults: seconds, repeat 4, discard 1, scale 1, no params, no requirements. */
    public static final class Builder {
        private final String id;
        private final Events events;
        private Unit unit = Unit.SECONDS;
        private int repeat = 4;
        private int discard = 1;
        private List<Integer> scales = List.of(1);
        private final List<ParamSpec> params = new ArrayList<>();
        private Requirements requires = Requirements.NONE;
        private boolean peer;
        private final Map<Phase, Long> timeouts = new EnumMap<>(Phase.class);
        private org.virtbench.plan.MemoryPolicy memory;

        private Builder(String id, Events events) {
            this.id = id;
            this.events = events;
        }

        public Builder unit(Unit value) {
            unit = value;
            return this;
        }

        public Builder repeat(int trials, int discarded) {
            repeat = trials;
            discard = discarded;
            return this;
        }

        public Builder scales(Integer... counts) {
            scales = List.of(counts);
            return this;
        }

        public Builder param(String name, String type, String defaultValue, String quick) {
            params.add(new ParamSpec(name, type, List.of(), defaultValue,
                    quick == null ? Map.of() : Map.of("quick", quick), "a test parameter"));
            return this;
        }

        public Builder requires(String pkg, String command) {
            requires = new Requirements(List.of(pkg), List.of(command));
            return this;
        }

        public Builder peer() {
            peer = true;
            return this;
        }

        /** {@code @ScaleVMs(memory = ...)}, parsed as the processor parses it. */
        public Builder memory(String policy) {
            memory = org.virtbench.plan.MemoryPolicy.parse(policy);
            return this;
        }

        public Builder timeout(Phase phase, long seconds) {
            timeouts.put(phase, seconds);
            return this;
        }

        public PlanSpec spec(String planClass) {
            return new PlanSpec(id, "test." + id, planClass, "a scripted test workload", unit, repeat, discard,
                    scales, params, requires, peer, timeouts, memory);
        }

        public ScriptedPlan script(Script script) {
            return new ScriptedPlan(spec(ScriptedPlan.class.getName()), script, events);
        }
    }
}
