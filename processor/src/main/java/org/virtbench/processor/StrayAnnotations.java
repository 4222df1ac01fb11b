package org.virtbench.processor;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Peer;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.ScaleVMs;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Timeout;
import org.virtbench.annotations.Workload;
import org.virtbench.processor.model.Problem;

/**
 * Finds virtbench annotations that would silently do nothing because no {@code @Workload} is
 * where they need one: on a member of a class without {@code @Workload}, or on such a class itself.
 */
final class StrayAnnotations {
    /** Annotations of fields and methods, which need their class to carry {@code @Workload}. */
    private static final List<Class<? extends Annotation>> MEMBER =
            List.of(Param.class, Setup.class, Measure.class, Teardown.class, Timeout.class);
    /** Annotations of classes, which need {@code @Workload} beside them. */
    private static final List<Class<? extends Annotation>> CLASS =
            List.of(Repeat.class, DiscardFirst.class, ScaleVMs.class, Requires.class, Peer.class, Timeout.class);

    /** One problem per stray annotation in this round. */
    List<Problem> find(RoundEnvironment round) {
        List<Problem> problems = new ArrayList<>();
        for (Class<? extends Annotation> type : MEMBER) {
            for (Element element : round.getElementsAnnotatedWith(type)) {
                if (element.getKind().isClass() || element.getKind().isInterface()) {
                    continue;
                }
                Element owner = element.getEnclosingElement();
                if (Mirrors.find(owner, Workload.class).isEmpty()) {
                    AnnotationMirror mirror = Mirrors.find(element, type).orElseThrow();
                    problems.add(Problem.on(element, mirror, "@" + type.getSimpleName() + " on " + element.getSimpleName()
                            + " has no effect, since " + owner.getSimpleName() + " has no @Workload; annotate "
                            + owner.getSimpleName() + " with @Workload or remove @" + type.getSimpleName()));
                }
            }
        }
        for (Class<? extends Annotation> type : CLASS) {
            for (Element element : round.getElementsAnnotatedWith(type)) {
                if ((element.getKind().isClass() || element.getKind().isInterface())
                        && Mirrors.find(element, Workload.class).isEmpty()) {
                    AnnotationMirror mirror = Mirrors.find(element, type).orElseThrow();
                    problems.add(Problem.on(element, mirror, "@" + type.getSimpleName() + " on "
                            + element.getSimpleName() + " has no effect without @Workload; annotate "
                            + element.getSimpleName() + " with @Workload or remove @" + type.getSimpleName()));
                }
            }
        }
        return problems;
    }
}
