package org.virtbench.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Measurement;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamValues;
import org.virtbench.plan.WorkloadInstance;

/**
 * Loads generated plans from the compilation's class files and runs them against a fake guest:
 * parameters converted, methods called in order, results converted to Measurements.
 */
class GeneratedPlanRunTest {

    private static final String[] LIFECYCLE = {
        "package rt;",
        "import java.time.Duration;",
        "import org.virtbench.annotations.*;",
        "import org.virtbench.guest.*;",
        "import org.virtbench.plan.DataSize;",
        "@Workload(name = \"rt\", unit = Unit.MILLISECONDS) @Peer",
        "public class Rt {",
        "    public enum Mode { FAST, SLOW }",
        "    @Param(value = \"433MiB\", quick = \"32MiB\") DataSize input;",
        "    @Param(\"5m\") Duration limit;",
        "    @Param(\"fast\") Mode mode;",
        "    @Param(value = \"100\", quick = \"10\") int count;",
        "    @Param(\"117187560\") long big;",
        "    @Param(\"0.5\") double ratio;",
        "    @Param(\"on\") boolean flag;",
        "    @Param(\"hello\") public String text;",
        "    @Setup public void first(Guest g) {",
        "        g.run(\"setup-first\", input.toString(), limit.toString(), mode.name(), String.valueOf(count),",
        "              String.valueOf(big), String.valueOf(ratio), String.valueOf(flag), text);",
        "    }",
        "    @Setup(Level.TRIAL) public void trial(Guest g, PeerHost p) { g.run(\"setup-trial\", p.name()); }",
        "    @Setup public void second(Guest g) { g.run(\"setup-second\"); }",
        "    @Setup public void server(PeerHost p) { p.run(\"peer-setup\"); }",
        "    @Measure public Duration measure(Guest g) { return g.run(\"measure\").elapsed(); }",
        "    @Teardown(Level.TRIAL) public void trialDown(Guest g) { g.run(\"teardown-trial\"); }",
        "    @Teardown public void down(Guest g, PeerHost p) { g.run(\"teardown\", p.name()); }",
        "    @Teardown public void serverDown(PeerHost p) { p.run(\"peer-teardown\"); }",
        "}",
    };

    @Test
    void aParameterNamedInItsAnnotationIsSetByThatName() throws Exception {
        ExecutionPlan plan = load(Compile.compile(Compile.source("rt.Named",
                "package rt;",
                "import org.virtbench.annotations.*;",
                "import org.virtbench.guest.*;",
                "@Workload(name = \"named\", unit = Unit.SECONDS)",
                "public class Named {",
                "    public enum Database { SEPARATE, SHARED }",
                "    @Param(name = \"tool.database\", value = \"separate\") Database database;",
                "    @Measure public double m(Guest g) { g.run(\"measure\", database.name()); return 1; }",
                "}")), "rt.Named_VirtbenchPlan");
        assertEquals(List.of("tool.database"), plan.spec().params().stream().map(p -> p.name()).toList());
        assertEquals(List.of("SEPARATE", "SHARED"), plan.spec().params().get(0).enumConstants());
        FakeGuest guest = new FakeGuest("guest-0");
        plan.instantiate(ParamValues.resolve(plan.spec(), "paper", Map.of("tool.database", "shared")))
                .measure(guest, null);
        assertEquals(List.of("measure SHARED"), guest.log);
    }

    @Test
    void paramsAreConvertedAndMethodsCalledInOrderPerLevel() throws Exception {
        ExecutionPlan plan = load(Compile.compile(Compile.source("rt.Rt", LIFECYCLE)), "rt.Rt_VirtbenchPlan");
        WorkloadInstance instance = plan.instantiate(
                ParamValues.resolve(plan.spec(), "quick", Map.of("count", "7", "mode", "slow")));
        FakeGuest guest = new FakeGuest("guest-0");
        FakeGuest peer = new FakeGuest("peer");

        instance.setup(Level.PROVISIONING, guest, peer);
        instance.setupPeer(Level.PROVISIONING, peer);
        instance.setup(Level.TRIAL, guest, peer);
        Measurement m = instance.measure(guest, peer);
        instance.teardown(Level.TRIAL, guest, peer);
        instance.teardown(Level.PROVISIONING, guest, peer);
        instance.teardownPeer(Level.PROVISIONING, peer);
        instance.setupPeer(Level.TRIAL, peer);
        instance.teardownPeer(Level.TRIAL, peer);

        assertEquals(List.of(
                // quick profile for input, defaults elsewhere, overrides for count and mode
                "setup-first 32MiB PT5M SLOW 7 117187560 0.5 true hello",
                "setup-second",
                "setup-trial peer",
                "measure",
                "teardown-trial",
                "teardown peer"), guest.log);
        assertEquals(List.of("peer-setup", "peer-teardown"), peer.log);
        // the fake guest's 1.5 s, in the workload's milliseconds
        assertEquals(1500.0, m.value());
        assertEquals(Unit.MILLISECONDS, m.unit());
    }

    @Test
    void paperProfileUsesTheDefaults() throws Exception {
        ExecutionPlan plan = load(Compile.compile(Compile.source("rt.Rt", LIFECYCLE)), "rt.Rt_VirtbenchPlan");
        FakeGuest guest = new FakeGuest("guest-0");
        plan.instantiate(ParamValues.resolve(plan.spec(), "paper", Map.of()))
                .setup(Level.PROVISIONING, guest, new FakeGuest("peer"));
        assertEquals("setup-first 433MiB PT5M FAST 100 117187560 0.5 true hello", guest.log.get(0));
    }

    @Test
    void numbersBecomeMeasurementsInTheWorkloadsUnit() throws Exception {
        Compilation compilation = Compile.compile(
                numberWorkload("Primitive", "long", "42L"),
                numberWorkload("Boxed", "Integer", "Integer.valueOf(7)"),
                numberWorkload("Big", "java.math.BigDecimal", "new java.math.BigDecimal(\"2.5\")"));
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(42.0, measure(compilation, "num.Primitive_VirtbenchPlan").value());
        assertEquals(7.0, measure(compilation, "num.Boxed_VirtbenchPlan").value());
        Measurement big = measure(compilation, "num.Big_VirtbenchPlan");
        assertEquals(2.5, big.value());
        assertEquals(Unit.OPERATIONS_PER_SECOND, big.unit());
    }

    @Test
    void aNullResultOrAMeasurementInAnotherUnitFailsClearly() throws Exception {
        Compilation compilation = Compile.compile(
                numberWorkload("Nothing", "Double", "null"),
                numberWorkload("Other", "Measurement", "Measurement.of(1, Unit.SECONDS)"));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> measure(compilation, "num.Nothing_VirtbenchPlan"));
        assertEquals("@Measure method Nothing.measure returned null", npe.getMessage());
        IllegalStateException ise = assertThrows(IllegalStateException.class,
                () -> measure(compilation, "num.Other_VirtbenchPlan"));
        assertTrue(ise.getMessage().contains("returned a value in s, but the workload's unit is ops/s"), ise.getMessage());
    }

    private static javax.tools.JavaFileObject numberWorkload(String name, String type, String value) {
        return Compile.source("num." + name,
                "package num;",
                "import org.virtbench.annotations.*;",
                "import org.virtbench.guest.*;",
                "@Workload(name = \"" + name.toLowerCase(java.util.Locale.ROOT) + "\", unit = Unit.OPERATIONS_PER_SECOND)",
                "public class " + name + " {",
                "    @Measure public " + type + " measure(Guest guest) { return " + value + "; }",
                "}");
    }

    private static Measurement measure(Compilation compilation, String planClass) throws Exception {
        ExecutionPlan plan = load(compilation, planClass);
        return plan.instantiate(ParamValues.resolve(plan.spec(), "paper", Map.of()))
                .measure(new FakeGuest("guest-0"), null);
    }

    private static ExecutionPlan load(Compilation compilation, String planClass) throws Exception {
        assertThat(compilation).succeededWithoutWarnings();
        return (ExecutionPlan) new CompiledClassLoader(compilation).loadClass(planClass)
                .getConstructor().newInstance();
    }
}
