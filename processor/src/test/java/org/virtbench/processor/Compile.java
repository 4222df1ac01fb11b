package org.virtbench.processor;

import static com.google.testing.compile.Compiler.javac;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.virtbench.annotations.Workload;
import org.virtbench.plan.PlanIndex;

/** Compiles workload sources in memory through the processor, the way a user's build would. */
final class Compile {
    private Compile() {
    }

    /**
     * Where the classes of {@code anchors} were loaded from (a jar or a classes folder): the
     * class path a workload author compiles against is the framework and what it needs.
     */
    static List<File> locationsOf(Class<?>... anchors) {
        return Arrays.stream(anchors).map(c -> {
            try {
                return new File(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }).distinct().toList();
    }

    /** The framework alone, which is all a workload's source needs. */
    static List<File> frameworkClasspath() {
        return locationsOf(Workload.class);
    }

    /** A source file from its qualified class name and its lines. */
    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    /** Compiles with the processor and the framework on the class path. */
    static Compilation compile(JavaFileObject... sources) {
        return javac()
                .withProcessors(new VirtbenchProcessor())
                .withClasspath(frameworkClasspath())
                .withOptions("-Xlint:all", "-Werror")
                .compile(sources);
    }

    /** Compiles a class {@code test.W} from the given source lines, package line included by the caller. */
    static Compilation compileW(String... lines) {
        return compile(source("test.W", lines));
    }

    /** The plan index a compilation wrote. */
    static PlanIndex.Document index(Compilation compilation) {
        JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, PlanIndex.RESOURCE)
                .orElseThrow(() -> new AssertionError("no " + PlanIndex.RESOURCE + " was generated"));
        try (InputStream in = file.openInputStream()) {
            return PlanIndex.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plan index as a JSON tree, to check the file's own layout. */
    static com.fasterxml.jackson.databind.JsonNode indexJson(Compilation compilation) throws IOException {
        JavaFileObject file = compilation.generatedFile(StandardLocation.CLASS_OUTPUT, PlanIndex.RESOURCE).orElseThrow();
        try (InputStream in = file.openInputStream()) {
            return new ObjectMapper().readTree(in);
        }
    }
}
