package org.virtbench.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.virtbench.processor.Rule.MEASURE;
import static org.virtbench.processor.Rule.WORKLOAD;
import static org.virtbench.processor.Rule.lines;

import com.google.testing.compile.Compilation;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules on a workload class and its class-level annotations. */
class ClassRulesTest {

    static Stream<Rule> rules() {
        return Stream.of(
                Rule.of("class not public",
                        lines(WORKLOAD, "class W {", MEASURE, "}"),
                        "workload class W must be public; add the public modifier", "class W {",
                        lines(WORKLOAD, "public class W {", MEASURE, "}"))
                        // the implicit constructor of a package-private class is not public either
                        .errors(2),
                Rule.of("class abstract",
                        lines(WORKLOAD, "public abstract class W {", MEASURE, "}"),
                        "workload class W must not be abstract", "public abstract class W {",
                        lines(WORKLOAD, "public class W {", MEASURE, "}")),
                Rule.of("no public no-argument constructor",
                        lines(WORKLOAD, "public class W {", "    public W(int size) { }", MEASURE, "}"),
                        "workload class W needs a public no-argument constructor, which the runner calls;"
                                + " add 'public W() {}'", "public class W {",
                        lines(WORKLOAD, "public class W {", "    public W() { }", "    public W(int size) { }",
                                MEASURE, "}")),
                Rule.of("private constructor",
                        lines(WORKLOAD, "public class W {", "    private W() { }", MEASURE, "}"),
                        "needs a public no-argument constructor", "public class W {",
                        lines(WORKLOAD, "public class W {", "    public W() { }", MEASURE, "}")),
                Rule.of("inner class",
                        lines("public class W {", "    " + WORKLOAD, "    public class Inner {", MEASURE, "    }", "}"),
                        "workload class Inner is an inner class; declare it static", "public class Inner {",
                        lines("public class W {", "    " + WORKLOAD, "    public static class Inner {", MEASURE,
                                "    }", "}")),
                Rule.of("nested in a private class",
                        lines("public class W {", "    private static class Hidden {", "        " + WORKLOAD,
                                "        public static class Inner {", MEASURE, "        }", "    }", "}"),
                        "workload class Inner is nested in a private class", "public static class Inner {",
                        lines("public class W {", "    static class Hidden {", "        " + WORKLOAD,
                                "        public static class Inner {", MEASURE, "        }", "    }", "}")),
                Rule.of("generic class",
                        lines(WORKLOAD, "public class W<T> {", MEASURE, "}"),
                        "workload class W must not have type parameters", "public class W<T> {",
                        lines(WORKLOAD, "public class W {", MEASURE, "}")),
                Rule.of("interface",
                        lines(WORKLOAD, "public interface W {", "}"),
                        "@Workload must be on a class, not on an interface W", WORKLOAD,
                        lines(WORKLOAD, "public class W {", MEASURE, "}")),
                Rule.of("empty name",
                        lines("@Workload(name = \"\", unit = Unit.SECONDS)", "public class W {", MEASURE, "}"),
                        "@Workload name is empty; give the workload an id such as \"bzip2\"", "@Workload(name",
                        lines(WORKLOAD, "public class W {", MEASURE, "}")),
                Rule.of("name not a slug",
                        lines("@Workload(name = \"My Bench\", unit = Unit.SECONDS)", "public class W {", MEASURE, "}"),
                        "@Workload name \"My Bench\" is not a slug of lower-case letters, digits and single dashes;"
                                + " write it as \"my-bench\"", "@Workload(name",
                        lines("@Workload(name = \"my-bench\", unit = Unit.SECONDS)", "public class W {", MEASURE, "}")),
                Rule.of("name with a double dash",
                        lines("@Workload(name = \"a--b\", unit = Unit.SECONDS)", "public class W {", MEASURE, "}"),
                        "write it as \"a-b\"", "@Workload(name",
                        lines("@Workload(name = \"a-b-2\", unit = Unit.SECONDS)", "public class W {", MEASURE, "}")),
                Rule.of("@Repeat below 1",
                        workloadWith("@Repeat(0)"), "@Repeat(0) runs no trial; repeat at least 1", "@Repeat(0)",
                        workloadWith("@Repeat(1) @DiscardFirst(0)")),
                Rule.of("@DiscardFirst leaves nothing",
                        workloadWith("@Repeat(4)", "@DiscardFirst(4)"),
                        "@DiscardFirst(4) with @Repeat(4) leaves nothing to measure; discard at most 3",
                        "@DiscardFirst(4)",
                        workloadWith("@Repeat(4)", "@DiscardFirst(3)")),
                Rule.of("@DiscardFirst leaves nothing of the default @Repeat",
                        workloadWith("@DiscardFirst(5)"),
                        "@DiscardFirst(5) with @Repeat(4), the default, leaves nothing to measure; discard at most 3",
                        "@DiscardFirst(5)",
                        workloadWith("@DiscardFirst(0)")),
                Rule.of("@DiscardFirst negative",
                        workloadWith("@DiscardFirst(-1)"),
                        "@DiscardFirst(-1) is negative; discard 0 or more leading trials", "@DiscardFirst(-1)",
                        workloadWith("@DiscardFirst(0)")),
                Rule.of("@Repeat(1) with the default @DiscardFirst",
                        workloadWith("@Repeat(1)"),
                        "@Repeat(1) with the default @DiscardFirst(1) leaves nothing to measure", "@Repeat(1)",
                        workloadWith("@Repeat(2)")),
                Rule.of("@ScaleVMs empty",
                        workloadWith("@ScaleVMs({})"),
                        "@ScaleVMs lists no guest count; list at least one", "@ScaleVMs({})",
                        workloadWith("@ScaleVMs({1, 2, 4, 8, 16, 32})")),
                Rule.of("@ScaleVMs not positive",
                        workloadWith("@ScaleVMs({0, 1})"),
                        "@ScaleVMs guest count 0 is not positive; every count must be 1 or more", "@ScaleVMs({0, 1})",
                        workloadWith("@ScaleVMs({1})")),
                Rule.of("@ScaleVMs not ascending",
                        workloadWith("@ScaleVMs({1, 4, 2})"),
                        "@ScaleVMs({1, 4, 2}) is not strictly ascending (2 after 4); list each count once, smallest"
                                + " first: @ScaleVMs({1, 2, 4})", "@ScaleVMs({1, 4, 2})",
                        workloadWith("@ScaleVMs({1, 2, 4})")),
                Rule.of("@ScaleVMs repeats a count",
                        workloadWith("@ScaleVMs({1, 2, 2})"),
                        "not strictly ascending (2 after 2)", "@ScaleVMs({1, 2, 2})",
                        workloadWith("@ScaleVMs({1, 2})")),
                Rule.of("@ScaleVMs memory not a policy",
                        workloadWith("@ScaleVMs(value = {1, 2}, memory = \"half\")"),
                        "@ScaleVMs(memory = \"half\"): 'half' is not a memory policy; write paper, default, or"
                                + " total=SIZE[,cap=SIZE] such as total=3244MiB,cap=2039MiB", "@ScaleVMs(value",
                        workloadWith("@ScaleVMs(value = {1, 2}, memory = \"paper\")")),
                Rule.of("@ScaleVMs memory with a size that is not one",
                        workloadWith("@ScaleVMs(value = {1, 2}, memory = \"total=3GiB,cap=lots\")"),
                        "@ScaleVMs(memory = \"total=3GiB,cap=lots\"): 'lots' is not a size", "@ScaleVMs(value",
                        workloadWith("@ScaleVMs(value = {1, 2}, memory = \"total=3GiB,cap=1GiB\")")),
                Rule.of("@ScaleVMs memory without a total",
                        workloadWith("@ScaleVMs(value = {1, 2}, memory = \"cap=1GiB\")"),
                        "'cap=1GiB' has no total; write total=SIZE[,cap=SIZE]", "@ScaleVMs(value",
                        workloadWith("@ScaleVMs(value = {1, 2}, memory = \"default\")")),
                Rule.of("class @Timeout zero",
                        workloadWith("@Timeout(0)"),
                        "@Timeout(0) is not positive; give a limit greater than 0", "@Timeout(0)",
                        workloadWith("@Timeout(1)")),
                Rule.of("class @Timeout negative, in minutes",
                        workloadWith("@Timeout(value = -5, unit = TimeUnit.MINUTES)"),
                        "@Timeout(value = -5, unit = MINUTES) is not positive", "@Timeout(value = -5",
                        workloadWith("@Timeout(value = 5, unit = TimeUnit.MINUTES)")),
                Rule.of("no @Measure",
                        lines(WORKLOAD, "public class W {", "}"),
                        "workload class W has no @Measure method; add one public method annotated @Measure",
                        WORKLOAD,
                        lines(WORKLOAD, "public class W {", MEASURE, "}")),
                Rule.of("two @Measure methods",
                        lines(WORKLOAD, "public class W {", MEASURE,
                                "    @Measure public double again(Guest guest) { return 2; }", "}"),
                        "workload class W has more than one @Measure method (measure and again); a workload"
                                + " measures exactly one thing, so keep one", "public double again(",
                        lines(WORKLOAD, "public class W {", MEASURE,
                                "    public double again(Guest guest) { return 2; }", "}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(Rule rule) {
        rule.check();
    }

    @Test
    void duplicateNamesAreAnErrorOnTheSecondClass() {
        JavaFileObject first = Compile.source("test.A", GenerationTest.minimal("test", "A", "same"));
        JavaFileObject second = Compile.source("test.B", GenerationTest.minimal("test", "B", "same"));
        Compilation compilation = Compile.compile(first, second);
        assertThat(compilation).hadErrorContaining("@Workload name \"same\" is already used by test.A; workload"
                + " names are unique across everything compiled together, so rename one of them")
                .inFile(second).onLineContaining("@Workload(name");
        assertThat(compilation).hadErrorCount(1);

        assertThat(Compile.compile(first, Compile.source("test.B", GenerationTest.minimal("test", "B", "other"))))
                .succeededWithoutWarnings();
    }

    @Test
    void slugSuggestionsAreSlugs() {
        org.junit.jupiter.api.Assertions.assertEquals("sysbench-oltp", WorkloadValidator.slugOf("SysBench_OLTP"));
        org.junit.jupiter.api.Assertions.assertEquals("a-b", WorkloadValidator.slugOf("--a  b--"));
    }

    /** Workload {@code W} with these class annotations, one a line, and a valid measure method. */
    static String[] workloadWith(String... classAnnotations) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(WORKLOAD);
        lines.addAll(java.util.List.of(classAnnotations));
        lines.add("public class W {");
        lines.add(MEASURE);
        lines.add("}");
        return lines.toArray(String[]::new);
    }
}
