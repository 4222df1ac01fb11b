package org.virtbench.processor;

import static org.virtbench.processor.Rule.MEASURE;
import static org.virtbench.processor.Rule.WORKLOAD;
import static org.virtbench.processor.Rule.lines;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules on {@code @Param} fields and lifecycle methods. */
class MemberRulesTest {

    static Stream<Rule> params() {
        return Stream.of(
                Rule.of("@Param name that is not a name",
                        body("    @Param(name = \"sysbench database\", value = \"1\") int n;"),
                        "@Param field 'n' name \"sysbench database\" is not a parameter name; write words of letters"
                                + " and digits joined by dots or dashes, such as \"sysbench.database\"",
                        "@Param(name",
                        body("    @Param(name = \"sysbench.database\", value = \"1\") int n;")),
                Rule.of("@Param name ending in a dot",
                        body("    @Param(name = \"tool.\", value = \"1\") int n;"),
                        "is not a parameter name", "@Param(name",
                        body("    @Param(name = \"tool.n-two\", value = \"1\") int n;")),
                Rule.of("@Param name taken by another field",
                        body("    @Param(\"1\") int count;", "    @Param(name = \"count\", value = \"2\") int other;"),
                        "@Param field 'other' is named \"count\", as field 'count' is already; give each parameter a"
                                + " name of its own", "int other;",
                        body("    @Param(\"1\") int count;", "    @Param(name = \"other.count\", value = \"2\") int other;")),
                Rule.of("private @Param",
                        body("    @Param(\"1\") private int n;"),
                        "@Param field 'n' must not be private, since the generated plan sets it directly; make it"
                                + " package-private", "private int n;",
                        body("    @Param(\"1\") int n;")),
                Rule.of("final @Param",
                        body("    @Param(\"1\") final int n = 1;"),
                        "@Param field 'n' must not be final, since the generated plan sets it; remove final",
                        "final int n",
                        body("    @Param(\"1\") public int n;")),
                Rule.of("static @Param",
                        body("    @Param(\"1\") static int n;"),
                        "@Param field 'n' must not be static", "static int n;",
                        body("    @Param(\"1\") protected int n;")),
                Rule.of("@Param of an unsupported type",
                        body("    @Param(\"1\") java.util.List<String> n;"),
                        "@Param field 'n' has type java.util.List<java.lang.String>, which a parameter cannot have;"
                                + " use String, int, long, double, boolean, an enum, DataSize or Duration",
                        "java.util.List<String> n;",
                        body("    @Param(\"1\") String n;")),
                Rule.of("@Param float",
                        body("    @Param(\"1.5\") float f;"),
                        "has type float, which a parameter cannot have", "float f;",
                        body("    @Param(\"1.5\") double f;")),
                Rule.of("@Param boxed",
                        body("    @Param(\"1\") Integer n;"),
                        "@Param field 'n' has type java.lang.Integer, which a parameter cannot have; use int instead",
                        "Integer n;",
                        body("    @Param(\"1\") int n;")),
                Rule.of("@Param int default that does not convert",
                        body("    @Param(\"12 apples\") int n;"),
                        "@Param field 'n' default \"12 apples\" does not convert to int: '12 apples' is not an int;"
                                + " write a whole number such as 100", "@Param(\"12 apples\")",
                        body("    @Param(\"12\") int n;")),
                Rule.of("@Param long default",
                        body("    @Param(\"1e9\") long n;"),
                        "does not convert to long: '1e9' is not a long", "@Param(\"1e9\")",
                        body("    @Param(\"1000000000\") long n;")),
                Rule.of("@Param double default",
                        body("    @Param(\"fast\") double d;"),
                        "does not convert to double: 'fast' is not a number", "@Param(\"fast\")",
                        body("    @Param(\"0.5\") double d;")),
                Rule.of("@Param boolean default",
                        body("    @Param(\"maybe\") boolean b;"),
                        "does not convert to boolean: 'maybe' is not a boolean; write true or false",
                        "@Param(\"maybe\")",
                        body("    @Param(\"yes\") boolean b;")),
                Rule.of("@Param size default",
                        body("    @Param(\"12 apples\") DataSize size;"),
                        "@Param field 'size' default \"12 apples\" does not convert to size: '12 apples' has an"
                                + " unknown size unit 'apples'", "DataSize size;",
                        body("    @Param(\"433MiB\") DataSize size;")),
                Rule.of("@Param duration default",
                        body("    @Param(\"soon\") Duration limit;"),
                        "does not convert to duration: 'soon' is not a duration; write it like 300s", "@Param(\"soon\")",
                        body("    @Param(\"PT5M\") Duration limit;")),
                Rule.of("@Param enum default",
                        body("    public enum Mode { FAST, SLOW }", "    @Param(\"medium\") Mode mode;"),
                        "@Param field 'mode' default \"medium\" does not convert to test.W.Mode: 'medium' is not one"
                                + " of FAST, SLOW", "@Param(\"medium\")",
                        body("    public enum Mode { FAST, SLOW }", "    @Param(\"slow\") Mode mode;")),
                Rule.of("@Param quick value that does not convert",
                        body("    @Param(value = \"64\", quick = \"x\") int n;"),
                        "@Param field 'n' quick value \"x\" does not convert to int", "quick = \"x\"",
                        body("    @Param(value = \"64\", quick = \"2\") int n;")),
                Rule.of("@Param enum the plan cannot name",
                        body("    private enum Mode { FAST }", "    @Param(\"FAST\") Mode mode;"),
                        "@Param field 'mode' has enum type test.W.Mode, which the generated plan in the workload's"
                                + " package cannot name", "Mode mode;",
                        body("    enum Mode { FAST }", "    @Param(\"FAST\") Mode mode;")));
    }

    static Stream<Rule> methods() {
        return Stream.of(
                Rule.of("lifecycle method not public",
                        body("    @Setup void stage(Guest guest) { }"),
                        "@Setup method stage must be public; add the public modifier", "void stage(",
                        body("    @Setup public void stage(Guest guest) { }")),
                Rule.of("lifecycle method static",
                        body("    @Teardown public static void clean(Guest guest) { }"),
                        "@Teardown method clean must not be static", "void clean(",
                        body("    @Teardown(Level.TRIAL) public void clean(Guest guest) { }")),
                Rule.of("lifecycle method generic",
                        body("    @Setup public <T> void stage(Guest guest) { }"),
                        "@Setup method stage must not have type parameters", "void stage(",
                        body("    @Setup public void stage(Guest guest) { }")),
                Rule.of("lifecycle method with other parameters",
                        body("    @Setup public void stage(int size) { }"),
                        "@Setup method stage takes (int size); it must take (Guest guest)", "void stage(",
                        body("    @Setup public void stage(Guest guest) { }")),
                Rule.of("lifecycle method without parameters",
                        body("    @Teardown public void clean() { }"),
                        "@Teardown method clean takes (); it must take (Guest guest)", "void clean(",
                        body("    @Teardown public void clean(Guest guest) { }")),
                Rule.of("peer parameters on a @Peer workload in the wrong order",
                        peerBody("    @Setup public void stage(PeerHost peer, Guest guest) { }"),
                        "@Setup method stage takes (org.virtbench.guest.PeerHost peer, org.virtbench.guest.Guest guest);"
                                + " it must take (Guest guest), (Guest guest, PeerHost peer) or (PeerHost peer)",
                        "void stage(",
                        peerBody("    @Setup public void stage(Guest guest, PeerHost peer) { }")),
                Rule.of("peer parameter without @Peer",
                        body("    @Setup public void stage(Guest guest, PeerHost peer) { }"),
                        "@Setup method stage takes a PeerHost, but workload class W has no @Peer; add @Peer to the"
                                + " class, or take only (Guest guest)", "void stage(",
                        peerBody("    @Setup public void stage(Guest guest, PeerHost peer) { }")),
                Rule.of("peer-only method without @Peer",
                        body("    @Setup public void serve(PeerHost peer) { }"),
                        "@Setup method serve takes a PeerHost, but workload class W has no @Peer", "void serve(",
                        peerBody("    @Setup public void serve(PeerHost peer) { }",
                                "    @Teardown public void unserve(PeerHost peer) { }")),
                Rule.of("peer-only @Measure",
                        peerWorkload("    @Measure public double measure(PeerHost peer) { return 1; }"),
                        "@Measure method measure takes only (PeerHost peer), but the measurement runs on every guest;"
                                + " take (Guest guest, PeerHost peer)", "double measure(",
                        peerWorkload("    @Measure public double measure(Guest guest, PeerHost peer) { return 1; }")),
                Rule.of("@Measure with other parameters on a @Peer workload",
                        peerWorkload("    @Measure public double measure(String s) { return 1; }"),
                        "it must take (Guest guest) or (Guest guest, PeerHost peer)", "double measure(",
                        peerWorkload("    @Measure public double measure(Guest guest) { return 1; }")),
                Rule.of("@Setup returning a value",
                        body("    @Setup public int stage(Guest guest) { return 1; }"),
                        "@Setup method stage returns int; it must return void", "int stage(",
                        body("    @Setup public void stage(Guest guest) { }")),
                Rule.of("@Teardown returning a value",
                        body("    @Teardown public String clean(Guest guest) { return \"\"; }"),
                        "@Teardown method clean returns java.lang.String; it must return void", "String clean(",
                        body("    @Teardown public void clean(Guest guest) { }")),
                Rule.of("@Measure returning void",
                        workloadWithMeasure("    @Measure public void measure(Guest guest) { }"),
                        "@Measure method measure returns void; return the measured value: a Measurement, a Duration"
                                + " or a number in the workload's unit (s)", "void measure(",
                        workloadWithMeasure("    @Measure public Measurement measure(Guest guest) {"
                                + " return Measurement.of(1, Unit.SECONDS); }")),
                Rule.of("@Measure returning something else",
                        workloadWithMeasure("    @Measure public String measure(Guest guest) { return \"1\"; }"),
                        "@Measure method measure returns java.lang.String; return the measured value", "String measure(",
                        workloadWithMeasure("    @Measure public Long measure(Guest guest) { return 1L; }")),
                Rule.of("@Measure returning a char",
                        workloadWithMeasure("    @Measure public char measure(Guest guest) { return 1; }"),
                        "@Measure method measure returns char", "char measure(",
                        workloadWithMeasure("    @Measure public int measure(Guest guest) { return 1; }")),
                Rule.of("@Measure returning a Duration in a throughput unit",
                        lines("@Workload(name = \"w\", unit = Unit.MB_PER_SECOND)", "public class W {",
                                "    @Measure public Duration measure(Guest guest) { return Duration.ZERO; }", "}"),
                        "@Measure method measure returns a Duration, but the workload's unit MB_PER_SECOND (MB/s) is"
                                + " not a time; return a number or a Measurement in MB/s", "Duration measure(",
                        lines("@Workload(name = \"w\", unit = Unit.MILLISECONDS)", "public class W {",
                                "    @Measure public Duration measure(Guest guest) { return Duration.ZERO; }", "}")),
                Rule.of("two lifecycle annotations on one method",
                        workloadWithMeasure("    @Setup @Measure public double measure(Guest guest) { return 1; }"),
                        "method measure has both @Setup and @Measure; a lifecycle method has exactly one of @Setup,"
                                + " @Measure and @Teardown", "@Setup @Measure",
                        workloadWithMeasure("    @Setup public void stage(Guest guest) { }", MEASURE)),
                Rule.of("method @Timeout not positive",
                        body("    @Timeout(0) @Setup public void stage(Guest guest) { }"),
                        "@Timeout(0) is not positive", "void stage(",
                        body("    @Timeout(1) @Setup public void stage(Guest guest) { }")),
                Rule.of("@Timeout on a method that is not a lifecycle method",
                        body("    @Timeout(5) public void helper(Guest guest) { }"),
                        "@Timeout on method helper has no effect, since it is not a @Setup, @Measure or @Teardown"
                                + " method", "void helper(",
                        body("    @Timeout(5) @Setup public void helper(Guest guest) { }")),
                Rule.of("lifecycle method declaring a checked exception",
                        body("    @Setup public void stage(Guest guest) throws java.io.IOException { }"),
                        "@Setup method stage declares checked java.io.IOException, which the plan cannot pass on",
                        "void stage(",
                        body("    @Setup public void stage(Guest guest) throws IllegalStateException { }")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("params")
    void paramRule(Rule rule) {
        rule.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void methodRule(Rule rule) {
        rule.check();
    }

    /** Workload W with a valid measure method and these members. */
    static String[] body(String... members) {
        return workloadWithMeasure(concat(members, MEASURE));
    }

    /** Workload W with exactly these members; its measure method is among them. */
    static String[] workloadWithMeasure(String... members) {
        return concat(lines(WORKLOAD, "public class W {"), members, lines("}"));
    }

    /** A {@code @Peer} workload W with a valid measure method and these members. */
    static String[] peerBody(String... members) {
        return peerWorkload(concat(members, MEASURE));
    }

    /** A {@code @Peer} workload W with exactly these members. */
    static String[] peerWorkload(String... members) {
        return concat(lines(WORKLOAD, "@Peer", "public class W {"), members, lines("}"));
    }

    private static String[] concat(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof String[] array) {
                all.addAll(List.of(array));
            } else {
                all.add((String) part);
            }
        }
        return all.toArray(String[]::new);
    }
}
