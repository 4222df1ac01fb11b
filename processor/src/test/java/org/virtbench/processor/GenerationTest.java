package org.virtbench.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.testing.compile.Compilation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtbench.annotations.Unit;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.Phase;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;
import org.virtbench.plan.Requirements;

/** What a valid workload turns into: the plan's spec and the plan index. */
class GenerationTest {

    static final String[] BZIP2 = {
        "package test;",
        "import java.time.Duration;",
        "import org.virtbench.annotations.*;",
        "import org.virtbench.guest.*;",
        "import org.virtbench.plan.DataSize;",
        "@Workload(name = \"bzip2\", unit = Unit.SECONDS, description = \"Compresses a file.\")",
        "@Repeat(5) @DiscardFirst(2)",
        "@Requires(packages = {\"bzip2\", \"coreutils\"}, commands = \"bzip2\")",
        "@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)",
        "public class Bzip2 {",
        "    public enum Level { FAST, BEST }",
        "    @Param(value = \"433MiB\", quick = \"32MiB\", description = \"input size\") DataSize input;",
        "    @Param(\"best\") Level level;",
        "    @Param(\"3\") public int threads;",
        "    @Setup public void stage(Guest guest) { }",
        "    @Timeout(30) @Measure public Duration compress(Guest guest) { return Duration.ofSeconds(1); }",
        "    @Teardown(org.virtbench.annotations.Level.TRIAL) public void clean(Guest guest) { }",
        "}",
    };

    @Test
    void validWorkloadCompilesCleanlyAndItsPlanIsGenerated() {
        Compilation compilation = Compile.compile(Compile.source("test.Bzip2", BZIP2));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.Bzip2_VirtbenchPlan")
                .contentsAsUtf8String().contains("ParamConverter.asSize(values.get(\"input\"))");
        assertThat(compilation).generatedSourceFile("test.Bzip2_VirtbenchPlan")
                .contentsAsUtf8String().contains("ParamConverter.asEnum(Bzip2.Level.class, values.get(\"level\"))");
        assertThat(compilation).generatedSourceFile("test.Bzip2_VirtbenchPlan")
                .contentsAsUtf8String().doesNotContain("reflect");
    }

    @Test
    void indexHoldsTheSpecOfEachWorkload() {
        Compilation compilation = Compile.compile(Compile.source("test.Bzip2", BZIP2));
        PlanIndex.Document index = Compile.index(compilation);
        assertEquals(1, index.schemaVersion());
        PlanSpec expected = new PlanSpec("bzip2", "test.Bzip2", "test.Bzip2_VirtbenchPlan", "Compresses a file.",
                Unit.SECONDS, 5, 2, List.of(1),
                List.of(new ParamSpec("input", "size", List.of(), "433MiB", Map.of("quick", "32MiB"), "input size"),
                        new ParamSpec("level", "enum", List.of("FAST", "BEST"), "best", Map.of(), ""),
                        new ParamSpec("threads", "int", List.of(), "3", Map.of(), "")),
                new Requirements(List.of("bzip2", "coreutils"), List.of("bzip2")), false,
                // measure has its own limit; the class's 2 minutes fill setup and teardown
                Map.of(Phase.SETUP, 120L, Phase.MEASURE, 30L, Phase.TEARDOWN, 120L));
        assertEquals(List.of(expected), index.plans());
    }

    @Test
    void indexIsSortedByIdAndWrittenThroughPlanIndex() throws IOException {
        Compilation compilation = Compile.compile(
                Compile.source("test.Zeta", minimal("test", "Zeta", "zeta")),
                Compile.source("test.Alpha", minimal("test", "Alpha", "alpha")),
                Compile.source("other.Mid", minimal("other", "Mid", "mid")));
        assertThat(compilation).succeededWithoutWarnings();
        PlanIndex.Document index = Compile.index(compilation);
        assertEquals(List.of("alpha", "mid", "zeta"), index.plans().stream().map(PlanSpec::id).toList());
        JsonNode json = Compile.indexJson(compilation);
        assertEquals(1, json.get("schemaVersion").asInt());
        assertEquals("alpha", json.get("plans").get(0).get("id").asText());
        // the same bytes PlanIndex.write gives: the index is never written by hand
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        PlanIndex.write(index, expected);
        String actual = new String(compilation.generatedFile(javax.tools.StandardLocation.CLASS_OUTPUT,
                PlanIndex.RESOURCE).orElseThrow().openInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(expected.toString(java.nio.charset.StandardCharsets.UTF_8), actual);
    }

    @Test
    void nestedStaticWorkloadGetsAnUnderscoredPlanAndBinaryNames() {
        Compilation compilation = Compile.compile(Compile.source("test.Outer",
                "package test;",
                "import org.virtbench.annotations.*;",
                "import org.virtbench.guest.*;",
                "public class Outer {",
                "    @Workload(name = \"inner\", unit = Unit.MB_PER_SECOND)",
                "    public static class Inner {",
                "        @Measure public double rate(Guest guest) { return 1; }",
                "    }",
                "}"));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.Outer_Inner_VirtbenchPlan");
        PlanSpec spec = Compile.index(compilation).plans().get(0);
        assertEquals("test.Outer$Inner", spec.workloadClass());
        assertEquals("test.Outer_Inner_VirtbenchPlan", spec.planClass());
    }

    @Test
    void workloadInTheUnnamedPackage() {
        String[] lines = minimal("x", "Bare", "bare");
        Compilation compilation = Compile.compile(Compile.source("Bare",
                java.util.Arrays.copyOfRange(lines, 1, lines.length)));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("Bare_VirtbenchPlan");
        assertEquals("Bare_VirtbenchPlan", Compile.index(compilation).plans().get(0).planClass());
    }

    @Test
    void defaultsApplyWithoutTheOptionalAnnotations() {
        Compilation compilation = Compile.compile(Compile.source("test.Plain", minimal("test", "Plain", "plain")));
        PlanSpec spec = Compile.index(compilation).plans().get(0);
        assertEquals(List.of(1), spec.scales());
        assertFalse(spec.scalable());
        assertEquals(4, spec.repeat());
        assertEquals(1, spec.discard());
        assertEquals(Map.of(), spec.timeoutSeconds());
        assertEquals(Requirements.NONE, spec.requires());
        assertEquals(List.of(), spec.params());
        assertEquals("", spec.description());
        assertNull(spec.memory(), "no memory policy of its own: the campaign's applies");
    }

    @Test
    void theMemoryPolicyOfScaleVmsReachesTheSpecAndTheGeneratedPlan() throws Exception {
        Compilation compilation = Compile.compileW(
                "package test;",
                "import org.virtbench.annotations.*;",
                "import org.virtbench.guest.*;",
                "@Workload(name = \"w\", unit = Unit.SECONDS)",
                "@ScaleVMs(value = {1, 2, 4, 8, 16, 32}, memory = \"paper\")",
                "public class W {",
                "    @Measure public long m(Guest g) { return 1; }",
                "}");
        assertThat(compilation).succeededWithoutWarnings();
        PlanSpec spec = Compile.index(compilation).plans().get(0);
        assertEquals(org.virtbench.plan.MemoryPolicy.paper(), spec.memoryPolicy().orElseThrow());
        ExecutionPlan plan = (ExecutionPlan) new CompiledClassLoader(compilation)
                .loadClass("test.W_VirtbenchPlan").getConstructor().newInstance();
        assertEquals(spec, plan.spec());
        assertThat(compilation).generatedSourceFile("test.W_VirtbenchPlan").contentsAsUtf8String()
                .contains("MemoryPolicy.paper()");
    }

    @Test
    void anExplicitPolicyIsParsedAtCompileTimeIntoATypedLiteral() throws Exception {
        Compilation compilation = Compile.compileW(
                "package test;",
                "import org.virtbench.annotations.*;",
                "import org.virtbench.guest.*;",
                "@Workload(name = \"w\", unit = Unit.SECONDS)",
                "@ScaleVMs(value = {1, 2}, memory = \"total=3GiB,cap=1GiB\")",
                "public class W {",
                "    @Measure public long m(Guest g) { return 1; }",
                "}");
        assertThat(compilation).succeededWithoutWarnings();
        org.virtbench.plan.MemoryPolicy fixed = new org.virtbench.plan.MemoryPolicy.Fixed(
                org.virtbench.plan.DataSize.parse("3GiB"), org.virtbench.plan.DataSize.parse("1GiB"));
        PlanSpec spec = Compile.index(compilation).plans().get(0);
        assertEquals(fixed, spec.memoryPolicy().orElseThrow(), "the index holds the text, read back typed");
        ExecutionPlan plan = (ExecutionPlan) new CompiledClassLoader(compilation)
                .loadClass("test.W_VirtbenchPlan").getConstructor().newInstance();
        assertEquals(fixed, plan.spec().memory());
        assertThat(compilation).generatedSourceFile("test.W_VirtbenchPlan").contentsAsUtf8String()
                .contains("new MemoryPolicy.Fixed(DataSize.ofBytes(3221225472L), DataSize.ofBytes(1073741824L))");
        assertThat(compilation).generatedSourceFile("test.W_VirtbenchPlan").contentsAsUtf8String()
                .doesNotContain("total=3GiB");
    }

    @Test
    void methodTimeoutsAddUpPerPhaseAndSubSecondLimitsRoundUp() {
        Compilation compilation = Compile.compileW(
                "package test;",
                "import java.util.concurrent.TimeUnit;",
                "import org.virtbench.annotations.*;",
                "import org.virtbench.guest.*;",
                "@Workload(name = \"w\", unit = Unit.SECONDS) @ScaleVMs({1, 2, 4})",
                "public class W {",
                "    @Timeout(10) @Setup public void a(Guest g) { }",
                "    @Timeout(value = 1, unit = TimeUnit.MINUTES) @Setup(Level.TRIAL) public void b(Guest g) { }",
                "    @Timeout(value = 500, unit = TimeUnit.MILLISECONDS) @Teardown public void c(Guest g) { }",
                "    @Measure public long m(Guest g) { return 1; }",
                "}");
        assertThat(compilation).succeededWithoutWarnings();
        PlanSpec spec = Compile.index(compilation).plans().get(0);
        assertEquals(Map.of(Phase.SETUP, 70L, Phase.TEARDOWN, 1L), spec.timeoutSeconds());
        assertEquals(List.of(1, 2, 4), spec.scales());
        assertTrue(spec.scalable());
    }

    @Test
    void generatedSpecEqualsTheIndexEntry() throws Exception {
        Compilation compilation = Compile.compile(Compile.source("test.Bzip2", BZIP2));
        ExecutionPlan plan = (ExecutionPlan) new CompiledClassLoader(compilation)
                .loadClass("test.Bzip2_VirtbenchPlan").getConstructor().newInstance();
        assertEquals(Compile.index(compilation).plans().get(0), plan.spec());
    }

    /** A smallest valid workload. */
    static String[] minimal(String pkg, String simpleName, String id) {
        return new String[] {
            "package " + pkg + ";",
            "import org.virtbench.annotations.*;",
            "import org.virtbench.guest.*;",
            "@Workload(name = \"" + id + "\", unit = Unit.SECONDS)",
            "public class " + simpleName + " {",
            "    @Measure public Measurement m(Guest guest) { return Measurement.of(1, Unit.SECONDS); }",
            "}",
        };
    }
}
