package org.virtbench.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Workloads that mention types another processor generates, or that nobody generates. */
class LaterRoundTest {

    /** Generates {@code test.Mode} in its first round, as another team's processor might. */
    static final class ModeGenerator extends AbstractProcessor {
        private boolean done;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                try (Writer w = processingEnv.getFiler().createSourceFile("test.Mode").openWriter()) {
                    w.write("package test; public enum Mode { FAST, SLOW }");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return false;
        }
    }

    private static final JavaFileObject USES_MODE = Compile.source("test.W",
            "package test;",
            "import org.virtbench.annotations.*;",
            "import org.virtbench.guest.*;",
            "@Workload(name = \"w\", unit = Unit.SECONDS)",
            "public class W {",
            "    @Param(\"slow\") Mode mode;",
            "    @Measure public double measure(Guest guest) { return 1; }",
            "}");

    @Test
    void workloadIsReadOnceTheTypesItMentionsAreGenerated() {
        Compilation compilation = javac()
                .withProcessors(new ModeGenerator(), new VirtbenchProcessor())
                .withClasspath(Compile.frameworkClasspath())
                .compile(USES_MODE);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("test.W_VirtbenchPlan");
        assertEquals(List.of("FAST", "SLOW"), Compile.index(compilation).plans().get(0).params().get(0).enumConstants());
    }

    @Test
    void aTypeNobodyGeneratesIsLeftToJavac() {
        Compilation compilation = Compile.compile(USES_MODE);
        assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(USES_MODE).onLineContaining("Mode mode;");
        // no second, misleading error about the parameter's type
        assertThat(compilation).hadErrorCount(1);
    }
}
