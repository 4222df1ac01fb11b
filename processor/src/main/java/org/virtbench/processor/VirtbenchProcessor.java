package org.virtbench.processor;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
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
import org.virtbench.plan.PlanSpec;
import org.virtbench.processor.model.Problem;
import org.virtbench.processor.model.WorkloadModel;

/**
 * The virtbench annotation processor. For every valid {@code @Workload} class {@code p.Foo} it
 * generates {@code p.Foo_VirtbenchPlan} (for a nested {@code p.Outer.Inner},
 * {@code p.Outer_Inner_VirtbenchPlan}), and in the last round writes the plan index
 * {@value org.virtbench.plan.PlanIndex#RESOURCE}. Whatever breaks the annotations' contract is a
 * compile error on the offending element, and that workload gets no plan.
 *
 * <p>This class only sequences the work: {@link WorkloadReader} reads, {@link WorkloadValidator}
 * judges, {@link PlanGenerator} writes plans and {@link PlanIndexStore} the index.
 */
@AutoService(Processor.class)
public final class VirtbenchProcessor extends AbstractProcessor {
    private static final List<Class<? extends Annotation>> SUPPORTED = List.of(Workload.class, Param.class,
            Setup.class, Measure.class, Teardown.class, Timeout.class, Repeat.class, DiscardFirst.class,
            ScaleVMs.class, Requires.class, Peer.class);

    private Elements elements;
    private Messager messager;
    private WorkloadReader reader;
    private final WorkloadValidator validator = new WorkloadValidator();
    private final StrayAnnotations strays = new StrayAnnotations();
    private PlanIndexStore index;
    /** Workloads already handled, by binary name: a class is read once per compilation. */
    private final Set<String> done = new HashSet<>();
    /** Workloads whose member types did not resolve yet, by canonical name: read again next round. */
    private final Set<String> deferred = new LinkedHashSet<>();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
        super.init(env);
        elements = env.getElementUtils();
        messager = env.getMessager();
        reader = new WorkloadReader(env);
        index = new PlanIndexStore(env.getFiler(), elements, messager);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return SUPPORTED.stream().map(Class::getCanonicalName).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        index.noteCompiled(round.getRootElements());
        strays.find(round).forEach(this::report);
        if (round.processingOver()) {
            // what is still deferred names a type nobody generated: javac reports that itself
            index.write();
            return true;
        }
        for (TypeElement type : candidates(round)) {
            if (reader.unresolved(type)) {
                deferred.add(type.getQualifiedName().toString());
            } else if (done.add(elements.getBinaryName(type).toString())) {
                reader.read(type).ifPresent(this::handle);
            }
        }
        // the annotations are virtbench's alone; claiming them also keeps -Xlint:processing quiet
        return true;
    }

    /** This round's {@code @Workload} classes, and those deferred from earlier rounds. */
    private List<TypeElement> candidates(RoundEnvironment round) {
        List<TypeElement> types = new ArrayList<>();
        for (String name : deferred) {
            Optional.ofNullable(elements.getTypeElement(name)).ifPresent(types::add);
        }
        deferred.clear();
        types.addAll(ElementFilter.typesIn(round.getElementsAnnotatedWith(Workload.class)));
        return types;
    }

    private void handle(WorkloadModel workload) {
        List<Problem> problems = new ArrayList<>(validator.validate(workload));
        if (WorkloadValidator.SLUG.matcher(workload.name()).matches()) {
            index.claim(workload.name(), workload.binaryName()).ifPresent(other -> problems.add(Problem.on(
                    workload.type(), workload.annotation(), workload.namePosition(), "@Workload name \""
                            + workload.name() + "\" is already used by " + other + "; workload names are unique"
                            + " across everything compiled together, so rename one of them")));
        }
        if (!problems.isEmpty()) {
            problems.forEach(this::report);
            return;
        }
        PlanSpec spec = PlanSpecs.of(workload);
        try {
            PlanGenerator.generate(workload, spec).writeTo(processingEnv.getFiler());
            index.add(spec);
        } catch (IOException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "cannot write plan " + spec.planClass() + ": " + e,
                    workload.type());
        }
    }

    private void report(Problem p) {
        if (p.annotation().isEmpty()) {
            messager.printMessage(Diagnostic.Kind.ERROR, p.message(), p.element());
        } else if (p.value().isEmpty()) {
            messager.printMessage(Diagnostic.Kind.ERROR, p.message(), p.element(), p.annotation().get());
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, p.message(), p.element(), p.annotation().get(),
                    p.value().get());
        }
    }
}
