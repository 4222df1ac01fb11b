package org.virtbench.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;

/**
 * One validation rule as a test case: a source that breaks it, the error it must give and the
 * line it must be on, and a source that keeps it and compiles cleanly. Sources are the body of
 * {@code test/W.java} after the common imports.
 *
 * @param name    what the rule is, shown as the test's name
 * @param bad     the source lines that break the rule
 * @param message a part of the expected error message
 * @param line    a text found on exactly one line of {@code bad}: the line the error must be on
 * @param errors  how many errors {@code bad} gives in all (this one and any it implies)
 * @param good    the valid counterpart
 */
record Rule(String name, List<String> bad, String message, String line, int errors, List<String> good) {
    /** The imports every case starts with. */
    static final List<String> HEADER = List.of(
            "package test;",
            "import java.time.Duration;",
            "import java.util.concurrent.TimeUnit;",
            "import org.virtbench.annotations.*;",
            "import org.virtbench.guest.*;",
            "import org.virtbench.plan.DataSize;");
    /** A workload annotation that breaks no rule. */
    static final String WORKLOAD = "@Workload(name = \"w\", unit = Unit.SECONDS)";
    /** A measure method that breaks no rule. */
    static final String MEASURE = "    @Measure public double measure(Guest guest) { return 1; }";

    static Rule of(String name, String[] bad, String message, String line, String[] good) {
        return new Rule(name, List.of(bad), message, line, 1, List.of(good));
    }

    Rule errors(int count) {
        return new Rule(name, bad, message, line, count, good);
    }

    /** Lines of a source file. */
    static String[] lines(String... lines) {
        return lines;
    }

    /** A workload class {@code W} with the given class annotations and body lines. */
    static String[] workload(String classAnnotations, String... body) {
        List<String> lines = new ArrayList<>();
        lines.add(WORKLOAD + " " + classAnnotations);
        lines.add("public class W {");
        lines.addAll(Arrays.asList(body));
        lines.add("}");
        return lines.toArray(String[]::new);
    }

    static JavaFileObject file(List<String> body) {
        List<String> lines = new ArrayList<>(HEADER);
        lines.addAll(body);
        return Compile.source("test.W", lines.toArray(String[]::new));
    }

    /** Asserts the broken source fails with the message on the line, and the fixed one compiles cleanly. */
    void check() {
        JavaFileObject broken = file(bad);
        Compilation failed = Compile.compile(broken);
        assertThat(failed).hadErrorContaining(message).inFile(broken).onLineContaining(line);
        assertThat(failed).hadErrorCount(errors);

        Compilation fixed = Compile.compile(file(good));
        assertThat(fixed).succeededWithoutWarnings();
    }

    @Override
    public String toString() {
        return name;
    }
}
