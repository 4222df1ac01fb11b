package org.virtbench.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import org.virtbench.plan.MemoryPolicy;
import org.virtbench.processor.model.ClassShape;
import org.virtbench.processor.model.Problem;
import org.virtbench.processor.model.Setting;
import org.virtbench.processor.model.TimeoutModel;
import org.virtbench.processor.model.WorkloadModel;

/**
 * Checks a {@link WorkloadModel} against the contract in the annotations' Javadoc. Each problem is
 * attached to the element (and annotation) that causes it, with a message that says how to fix it.
 * Class-level rules live here; rules on fields and methods in {@link MemberValidator}.
 */
final class WorkloadValidator {
    /** A workload id: lower-case letters and digits in groups joined by single dashes. */
    static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    private final MemberValidator members = new MemberValidator();

    /** Every problem of one workload; empty when a plan can be generated for it. */
    List<Problem> validate(WorkloadModel w) {
        List<Problem> problems = new ArrayList<>();
        if (w.shape().kind() != ElementKind.CLASS) {
            // nothing else to say about an interface or enum: it cannot be a workload at all
            problems.add(Problem.on(w.type(), w.annotation(), "@Workload must be on a class, not on "
                    + kindText(w.shape().kind()) + " " + w.type().getSimpleName()
                    + "; put it on a public class with a public no-argument constructor"));
            return List.copyOf(problems);
        }
        checkClass(w, problems);
        checkName(w, problems);
        checkTrials(w, problems);
        w.scales().ifPresent(s -> checkScales(w.type(), s, problems));
        w.memory().ifPresent(m -> checkMemory(w.type(), m, problems));
        w.timeout().ifPresent(t -> checkTimeout(w.type(), t, problems));
        members.validate(w, problems);
        return List.copyOf(problems);
    }

    private static void checkClass(WorkloadModel w, List<Problem> problems) {
        TypeElement type = w.type();
        ClassShape shape = w.shape();
        String name = type.getSimpleName().toString();
        if (shape.nesting() == NestingKind.MEMBER && !shape.isStatic()) {
            problems.add(Problem.on(type, "workload class " + name + " is an inner class; declare it static, since the"
                    + " generated plan creates it without an instance of " + type.getEnclosingElement().getSimpleName()));
        } else if (shape.nesting() == NestingKind.LOCAL || shape.nesting() == NestingKind.ANONYMOUS) {
            problems.add(Problem.on(type, "workload class " + name + " is declared inside a method; move it to the top"
                    + " level or make it a static nested class"));
        }
        if (shape.enclosedByPrivate()) {
            problems.add(Problem.on(type, "workload class " + name + " is nested in a private class, which the generated"
                    + " plan cannot reach; make the enclosing class at least package-private"));
        }
        if (!shape.isPublic()) {
            problems.add(Problem.on(type, "workload class " + name + " must be public; add the public modifier"));
        }
        if (shape.isAbstract()) {
            problems.add(Problem.on(type, "workload class " + name + " must not be abstract; the runner creates"
                    + " instances of it. Remove abstract"));
        }
        if (shape.generic()) {
            problems.add(Problem.on(type, "workload class " + name + " must not have type parameters; the runner"
                    + " creates it without type arguments"));
        }
        if (!shape.hasPublicNoArgConstructor()) {
            problems.add(Problem.on(type, "workload class " + name + " needs a public no-argument constructor, which"
                    + " the runner calls; add 'public " + name + "() {}'"));
        }
    }

    private static String kindText(ElementKind kind) {
        return switch (kind) {
            case INTERFACE -> "an interface";
            case ENUM -> "an enum";
            case ANNOTATION_TYPE -> "an annotation type";
            case RECORD -> "a record";
            default -> kind.toString().toLowerCase(Locale.ROOT);
        };
    }

    private static void checkName(WorkloadModel w, List<Problem> problems) {
        if (w.name().isEmpty()) {
            problems.add(Problem.on(w.type(), w.annotation(), w.namePosition(),
                    "@Workload name is empty; give the workload an id such as \"bzip2\" or \"sysbench-oltp\""));
        } else if (!SLUG.matcher(w.name()).matches()) {
            String suggestion = slugOf(w.name());
            problems.add(Problem.on(w.type(), w.annotation(), w.namePosition(),
                    "@Workload name \"" + w.name() + "\" is not a slug of lower-case letters, digits and single"
                            + " dashes; write it as \"" + (suggestion.isEmpty() ? "my-workload" : suggestion) + "\""));
        }
    }

    /** The nearest slug: lower case, every run of other characters turned into one dash. */
    static String slugOf(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    private static void checkTrials(WorkloadModel w, List<Problem> problems) {
        int repeat = w.repeatValue();
        int discard = w.discardValue();
        if (w.repeat().isPresent() && repeat < 1) {
            Setting<Integer> r = w.repeat().get();
            problems.add(Problem.on(w.type(), r.annotation(), r.position(),
                    "@Repeat(" + repeat + ") runs no trial; repeat at least 1"));
            return;
        }
        if (w.discard().isPresent()) {
            Setting<Integer> d = w.discard().get();
            if (discard < 0) {
                problems.add(Problem.on(w.type(), d.annotation(), d.position(),
                        "@DiscardFirst(" + discard + ") is negative; discard 0 or more leading trials"));
            } else if (discard >= repeat) {
                problems.add(Problem.on(w.type(), d.annotation(), d.position(),
                        "@DiscardFirst(" + discard + ") with @Repeat(" + repeat + ")"
                                + (w.repeat().isEmpty() ? ", the default," : "")
                                + " leaves nothing to measure; discard at most " + (repeat - 1)
                                + " or repeat at least " + (discard + 1)));
            }
        } else if (discard >= repeat) {
            // @Repeat(1) alone: the default warm-up trial would be the only one
            Setting<Integer> r = w.repeat().orElseThrow();
            problems.add(Problem.on(w.type(), r.annotation(), r.position(),
                    "@Repeat(" + repeat + ") with the default @DiscardFirst(" + discard + ") leaves nothing to"
                            + " measure; repeat at least " + (discard + 1) + " or add @DiscardFirst(0)"));
        }
    }

    private static void checkScales(TypeElement type, Setting<List<Integer>> scales, List<Problem> problems) {
        List<Integer> counts = scales.value();
        if (counts.isEmpty()) {
            problems.add(Problem.on(type, scales.annotation(), scales.position(),
                    "@ScaleVMs lists no guest count; list at least one, such as @ScaleVMs({1, 2, 4, 8})"));
            return;
        }
        for (int n : counts) {
            if (n < 1) {
                problems.add(Problem.on(type, scales.annotation(), scales.position(),
                        "@ScaleVMs guest count " + n + " is not positive; every count must be 1 or more"));
                return;
            }
        }
        for (int i = 1; i < counts.size(); i++) {
            if (counts.get(i) <= counts.get(i - 1)) {
                String fixed = counts.stream().distinct().sorted().map(String::valueOf).collect(Collectors.joining(", "));
                problems.add(Problem.on(type, scales.annotation(), scales.position(),
                        "@ScaleVMs(" + join(counts) + ") is not strictly ascending (" + counts.get(i) + " after "
                                + counts.get(i - 1) + "); list each count once, smallest first: @ScaleVMs({"
                                + fixed + "})"));
                return;
            }
        }
    }

    private static void checkMemory(TypeElement type, Setting<String> memory, List<Problem> problems) {
        try {
            MemoryPolicy.parse(memory.value());
        } catch (IllegalArgumentException e) {
            problems.add(Problem.on(type, memory.annotation(), memory.position(),
                    "@ScaleVMs(memory = \"" + memory.value() + "\"): " + e.getMessage()));
        }
    }

    private static String join(List<Integer> counts) {
        return "{" + counts.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "}";
    }

    /** Checks a {@code @Timeout}, on a class or a method. */
    static void checkTimeout(Element element, TimeoutModel t, List<Problem> problems) {
        if (t.value() <= 0) {
            String written = t.unit() == TimeUnit.SECONDS ? "@Timeout(" + t.value() + ")"
                    : "@Timeout(value = " + t.value() + ", unit = " + t.unit() + ")";
            problems.add(Problem.on(element, t.annotation(), Mirrors.written(t.annotation(), "value"),
                    written + " is not positive; give a limit greater than 0, or remove it to keep the default"));
        }
    }
}
