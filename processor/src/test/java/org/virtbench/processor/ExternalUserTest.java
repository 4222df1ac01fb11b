package org.virtbench.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.annotations.Workload;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;

/**
 * Compiles workloads as a user outside this build would: plain javac with the framework on the
 * class path and the processor (found through its service entry) on the processor path, into real
 * folders; also the incremental compiles that merge with an index already in the output.
 */
class ExternalUserTest {
    private static final Path EXTERNAL = Path.of(System.getProperty("basedir", "."), "src/test/external");

    @TempDir
    Path work;

    /** What javac said and did. */
    record Result(int exitCode, String output) {
    }

    @Test
    void validWorkloadYieldsPlanClassesAndIndexEntries() throws IOException {
        Path out = work.resolve("classes");
        Result result = javac(out, List.of(), sources(EXTERNAL.resolve("valid")));
        assertEquals(0, result.exitCode(), result.output());
        assertEquals("", result.output(), "-Xlint:all must find nothing to say");
        assertTrue(Files.isRegularFile(out.resolve("com/example/bench/Sleepy_VirtbenchPlan.class")));
        assertTrue(Files.isRegularFile(out.resolve("com/example/bench/Sleepy_Rate_VirtbenchPlan.class")));
        List<PlanSpec> plans = index(out);
        assertEquals(List.of("sleepy", "sleepy-rate"), plans.stream().map(PlanSpec::id).toList());
        assertEquals("com.example.bench.Sleepy$Rate", plans.get(1).workloadClass());
        assertEquals("10ms", plans.get(0).params().get(0).valueFor("quick"));
    }

    @Test
    void invalidWorkloadFailsOnTheOffendingLine() throws IOException {
        Path source = EXTERNAL.resolve("invalid/com/example/bench/Sleepy.java");
        int line = lineOf(source, "@DiscardFirst(4)");
        Result result = javac(work.resolve("classes"), List.of(), List.of(source));
        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("Sleepy.java:" + line + ": error: @DiscardFirst(4) with @Repeat(4)"
                + " leaves nothing to measure; discard at most 3"), result.output());
        assertTrue(Files.notExists(work.resolve("classes/com/example/bench/Sleepy_VirtbenchPlan.class")));
    }

    @Test
    void incrementalCompileKeepsOtherEntriesAndReplacesItsOwn() throws IOException {
        Path out = work.resolve("classes");
        Path a = write("src1/p/A.java", workload("A", "alpha", "1"));
        Path b = write("src1/p/B.java", workload("B", "beta", "1"));
        assertEquals(0, javac(out, List.of(), List.of(a, b)).exitCode());
        assertEquals(List.of("alpha", "beta"), ids(out));

        // A alone, renamed and with another default: B's entry stays, A's is replaced
        Path a2 = write("src2/p/A.java", workload("A", "aardvark", "2"));
        Result second = javac(out, List.of(out), List.of(a2));
        assertEquals(0, second.exitCode(), second.output());
        List<PlanSpec> plans = index(out);
        assertEquals(List.of("aardvark", "beta"), plans.stream().map(PlanSpec::id).toList());
        assertEquals("2", plans.get(0).params().get(0).defaultValue());

        // B's class gone: its entry goes too
        Files.delete(out.resolve("p/B.class"));
        Files.delete(out.resolve("p/B_VirtbenchPlan.class"));
        assertEquals(0, javac(out, List.of(out), List.of(a2)).exitCode());
        assertEquals(List.of("aardvark"), ids(out));
    }

    @Test
    void nameTakenByAClassOfTheExistingIndexIsAnError() throws IOException {
        Path out = work.resolve("classes");
        assertEquals(0, javac(out, List.of(), List.of(write("src1/p/B.java", workload("B", "beta", "1")))).exitCode());
        Path c = write("src2/p/C.java", workload("C", "beta", "1"));
        Result result = javac(out, List.of(out), List.of(c));
        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("C.java:" + lineOf(c, "@Workload(") + ": error: @Workload name \"beta\""
                + " is already used by p.B"), result.output());
    }

    /**
     * Runs javac as the command line would, class path = framework + extra entries. With the
     * output on the class path (an incremental build, as Maven does it) javac's processing lint
     * warns that the plan it regenerates exists already, so that lint is off then, as in this
     * project's own build.
     */
    private static Result javac(Path out, List<Path> extraClasspath, List<Path> sources) throws IOException {
        String lint = extraClasspath.isEmpty() ? "-Xlint:all" : "-Xlint:all,-processing";
        Files.createDirectories(out);
        List<File> classpath = new ArrayList<>(Compile.frameworkClasspath());
        extraClasspath.forEach(p -> classpath.add(p.toFile()));
        List<File> processorPath = Compile.locationsOf(VirtbenchProcessor.class, Workload.class, JavaFile.class,
                ObjectMapper.class, JsonParser.class, JsonAutoDetect.class);
        List<String> args = new ArrayList<>(List.of(
                "-cp", join(classpath), "-processorpath", join(processorPath),
                "-d", out.toString(), "-implicit:none", lint, "-Werror"));
        sources.forEach(s -> args.add(s.toString()));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = compiler.run(null, output, output, args.toArray(String[]::new));
        return new Result(exit, output.toString(StandardCharsets.UTF_8));
    }

    private static String join(List<File> files) {
        return files.stream().map(File::getPath).collect(Collectors.joining(File.pathSeparator));
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static List<PlanSpec> index(Path out) throws IOException {
        try (InputStream in = Files.newInputStream(out.resolve(PlanIndex.RESOURCE))) {
            return PlanIndex.read(in).plans();
        }
    }

    private static List<String> ids(Path out) throws IOException {
        return index(out).stream().map(PlanSpec::id).toList();
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static String workload(String className, String id, String defaultSize) {
        return String.join("\n",
                "package p;",
                "import org.virtbench.annotations.*;",
                "import org.virtbench.guest.*;",
                "@Workload(name = \"" + id + "\", unit = Unit.SECONDS)",
                "public class " + className + " {",
                "    @Param(\"" + defaultSize + "\") int size;",
                "    @Measure public double measure(Guest guest) { return size; }",
                "}",
                "");
    }
}
