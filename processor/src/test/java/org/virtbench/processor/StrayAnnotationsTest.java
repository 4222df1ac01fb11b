package org.virtbench.processor;

import static org.virtbench.processor.Rule.MEASURE;
import static org.virtbench.processor.Rule.WORKLOAD;
import static org.virtbench.processor.Rule.lines;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Virtbench annotations where no {@code @Workload} gives them a meaning. */
class StrayAnnotationsTest {

    static Stream<Rule> rules() {
        return Stream.of(
                Rule.of("@Setup in a class without @Workload",
                        lines("public class W {", "    @Setup public void stage(Guest guest) { }", "}"),
                        "@Setup on stage has no effect, since W has no @Workload; annotate W with @Workload or"
                                + " remove @Setup", "@Setup public void stage",
                        lines(WORKLOAD, "public class W {", "    @Setup public void stage(Guest guest) { }", MEASURE,
                                "}")),
                Rule.of("@Measure in a class without @Workload",
                        lines("public class W {", MEASURE, "}"),
                        "@Measure on measure has no effect, since W has no @Workload", "@Measure public",
                        lines(WORKLOAD, "public class W {", MEASURE, "}")),
                Rule.of("@Teardown in a class without @Workload",
                        lines("public class W {", "    @Teardown public void clean(Guest guest) { }", "}"),
                        "@Teardown on clean has no effect, since W has no @Workload", "@Teardown public",
                        lines("public class W {", "    public void clean(Guest guest) { }", "}")),
                Rule.of("method @Timeout in a class without @Workload",
                        lines("public class W {", "    @Timeout(5) public void clean(Guest guest) { }", "}"),
                        "@Timeout on clean has no effect, since W has no @Workload", "@Timeout(5)",
                        lines("public class W {", "    public void clean(Guest guest) { }", "}")),
                Rule.of("@Param in a class without @Workload",
                        lines("public class W {", "    @Param(\"1\") int n;", "}"),
                        "@Param on n has no effect, since W has no @Workload; annotate W with @Workload or remove"
                                + " @Param", "int n;",
                        lines("public class W {", "    int n;", "}")),
                Rule.of("@Param in a helper class nested in a workload",
                        lines(WORKLOAD, "public class W {", MEASURE, "    static class Helper {",
                                "        @Param(\"1\") int n;", "    }", "}"),
                        "@Param on n has no effect, since Helper has no @Workload", "int n;",
                        lines(WORKLOAD, "public class W {", MEASURE, "    @Param(\"1\") int n;", "}")),
                Rule.of("@Repeat on a class without @Workload",
                        lines("@Repeat(3)", "public class W {", "}"),
                        "@Repeat on W has no effect without @Workload; annotate W with @Workload or remove @Repeat",
                        "@Repeat(3)",
                        lines(WORKLOAD, "@Repeat(3)", "public class W {", MEASURE, "}")),
                Rule.of("@DiscardFirst on a class without @Workload",
                        lines("@DiscardFirst(0)", "public class W {", "}"),
                        "@DiscardFirst on W has no effect without @Workload", "@DiscardFirst(0)",
                        lines(WORKLOAD, "@DiscardFirst(0)", "public class W {", MEASURE, "}")),
                Rule.of("@ScaleVMs on a class without @Workload",
                        lines("@ScaleVMs({1, 2})", "public class W {", "}"),
                        "@ScaleVMs on W has no effect without @Workload", "@ScaleVMs",
                        lines(WORKLOAD, "@ScaleVMs({1, 2})", "public class W {", MEASURE, "}")),
                Rule.of("@Requires on a class without @Workload",
                        lines("@Requires(packages = \"bzip2\")", "public class W {", "}"),
                        "@Requires on W has no effect without @Workload", "@Requires",
                        lines(WORKLOAD, "@Requires(packages = \"bzip2\")", "public class W {", MEASURE, "}")),
                Rule.of("@Peer on a class without @Workload",
                        lines("@Peer", "public class W {", "}"),
                        "@Peer on W has no effect without @Workload", "@Peer",
                        lines(WORKLOAD, "@Peer", "public class W {", MEASURE, "}")),
                Rule.of("class @Timeout on a class without @Workload",
                        lines("@Timeout(60)", "public class W {", "}"),
                        "@Timeout on W has no effect without @Workload", "@Timeout(60)",
                        lines(WORKLOAD, "@Timeout(60)", "public class W {", MEASURE, "}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(Rule rule) {
        rule.check();
    }
}
