package org.virtbench.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import org.virtbench.annotations.Unit;
import org.virtbench.plan.ParamSpec;
import org.virtbench.plan.Phase;
import org.virtbench.processor.model.LifecycleAnnotation;
import org.virtbench.processor.model.LifecycleMethodModel;
import org.virtbench.processor.model.MethodShape;
import org.virtbench.plan.ParamType;
import org.virtbench.processor.model.ParamModel;
import org.virtbench.processor.model.Problem;
import org.virtbench.processor.model.ResultKind;
import org.virtbench.processor.model.WorkloadModel;

/** The rules on a workload's {@code @Param} fields and lifecycle methods; see {@link WorkloadValidator}. */
final class MemberValidator {
    /** Boxed types people reach for, with the primitive a parameter must use instead. */
    private static final Map<String, String> BOXED = Map.of("java.lang.Integer", "int", "java.lang.Long", "long",
            "java.lang.Double", "double", "java.lang.Boolean", "boolean");

    /** A parameter name: words of letters and digits, each starting with a letter, joined by dots or dashes. */
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*([.-][A-Za-z][A-Za-z0-9]*)*");

    void validate(WorkloadModel w, List<Problem> problems) {
        w.params().forEach(p -> checkParam(p, problems));
        checkParamNames(w, problems);
        w.methods().forEach(m -> checkMethod(w, m, problems));
        checkMeasureCount(w, problems);
    }

    private static void checkParam(ParamModel p, List<Problem> problems) {
        String field = "@Param field '" + p.name() + "'";
        if (p.modifiers().contains(Modifier.PRIVATE)) {
            problems.add(Problem.on(p.field(), p.annotation(), field + " must not be private, since the generated plan"
                    + " sets it directly; make it package-private"));
        }
        if (p.modifiers().contains(Modifier.FINAL)) {
            problems.add(Problem.on(p.field(), p.annotation(), field + " must not be final, since the generated plan"
                    + " sets it; remove final"));
        }
        if (p.modifiers().contains(Modifier.STATIC)) {
            problems.add(Problem.on(p.field(), p.annotation(), field + " must not be static, since every workload"
                    + " instance has its own parameters; remove static"));
        }
        if (p.kind().isEmpty()) {
            String primitive = BOXED.get(p.typeText());
            problems.add(Problem.on(p.field(), p.annotation(), field + " has type " + p.typeText()
                    + ", which a parameter cannot have; " + (primitive != null ? "use " + primitive + " instead"
                    : "use String, int, long, double, boolean, an enum, DataSize or Duration")));
            return;
        }
        if (!p.typeAccessible()) {
            problems.add(Problem.on(p.field(), p.annotation(), field + " has enum type " + p.typeText()
                    + ", which the generated plan in the workload's package cannot name; make the enum public and"
                    + " not nested in a private class"));
        }
        checkValue(p, "default", p.defaultValue(), p.defaultPosition(), problems);
        if (!p.quick().isEmpty()) {
            checkValue(p, "quick value", p.quick(), p.quickPosition(), problems);
        }
    }

    /** Each {@code @Param(name = ...)} is a well-formed name, and no two parameters share one. */
    private static void checkParamNames(WorkloadModel w, List<Problem> problems) {
        Map<String, String> seen = new HashMap<>();
        for (ParamModel p : w.params()) {
            if (p.paramNamePosition().isPresent() && !PARAM_NAME.matcher(p.paramName()).matches()) {
                problems.add(Problem.on(p.field(), p.annotation(), p.paramNamePosition(), "@Param field '" + p.name()
                        + "' name \"" + p.paramName() + "\" is not a parameter name; write words of letters and"
                        + " digits joined by dots or dashes, such as \"sysbench.database\""));
                continue;
            }
            String earlier = seen.putIfAbsent(p.paramName(), p.name());
            if (earlier != null) {
                problems.add(Problem.on(p.field(), p.annotation(), p.paramNamePosition(), "@Param field '" + p.name()
                        + "' is named \"" + p.paramName() + "\", as field '" + earlier + "' is already; give each"
                        + " parameter a name of its own"));
            }
        }
    }

    /** Converts a value as the runner will, so a bad default fails the build with the runner's message. */
    private static void checkValue(ParamModel p, String what, String value, Optional<AnnotationValue> position,
                                   List<Problem> problems) {
        ParamSpec spec = new ParamSpec(p.name(), p.kind().orElseThrow().specName(), p.enumConstants(), value,
                Map.of(), "");
        try {
            spec.check(value);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.on(p.field(), p.annotation(), position, "@Param field '" + p.name() + "' " + what
                    + " \"" + value + "\" does not convert to " + typeWord(p) + ": " + e.getMessage()));
        }
    }

    private static String typeWord(ParamModel p) {
        return p.kind().orElseThrow() == ParamType.ENUM ? p.typeText() : p.kind().orElseThrow().specName();
    }

    private static void checkMethod(WorkloadModel w, LifecycleMethodModel m, List<Problem> problems) {
        ExecutableElement method = m.method();
        m.timeout().ifPresent(t -> WorkloadValidator.checkTimeout(method, t, problems));
        if (m.roles().isEmpty()) {
            problems.add(Problem.on(method, m.timeout().orElseThrow().annotation(), "@Timeout on method " + m.name()
                    + " has no effect, since it is not a @Setup, @Measure or @Teardown method; move @Timeout to"
                    + " such a method or to the class"));
            return;
        }
        if (m.roles().size() > 1) {
            problems.add(Problem.on(method, m.roles().get(1).annotation(), "method " + m.name() + " has both "
                    + m.roles().get(0).display() + " and " + m.roles().get(1).display()
                    + "; a lifecycle method has exactly one of @Setup, @Measure and @Teardown, so split it"));
            return;
        }
        LifecycleAnnotation role = m.role();
        String what = role.display() + " method " + m.name();
        if (!m.modifiers().contains(Modifier.PUBLIC)) {
            problems.add(Problem.on(method, what + " must be public; add the public modifier"));
        }
        if (m.modifiers().contains(Modifier.STATIC)) {
            problems.add(Problem.on(method, what + " must not be static, since it runs on the workload instance of"
                    + " each guest; remove static"));
        }
        if (m.generic()) {
            problems.add(Problem.on(method, what + " must not have type parameters"));
        }
        if (!m.checkedExceptions().isEmpty()) {
            problems.add(Problem.on(method, what + " declares checked " + String.join(", ", m.checkedExceptions())
                    + ", which the plan cannot pass on; catch it and throw an unchecked exception instead (such as"
                    + " UncheckedIOException)"));
        }
        checkParameters(w, m, role, what, problems);
        checkResult(w, m, role, what, problems);
    }

    private static void checkParameters(WorkloadModel w, LifecycleMethodModel m, LifecycleAnnotation role,
                                        String what, List<Problem> problems) {
        boolean measure = role.phase() == Phase.MEASURE;
        if (m.shape() == MethodShape.OTHER) {
            String allowed = !w.peer() ? "(Guest guest)"
                    : measure ? "(Guest guest) or (Guest guest, PeerHost peer)"
                    : "(Guest guest), (Guest guest, PeerHost peer) or (PeerHost peer)";
            problems.add(Problem.on(m.method(), what + " takes " + parameterText(m.method()) + "; it must take "
                    + allowed));
        } else if (m.shape() != MethodShape.GUEST && !w.peer()) {
            problems.add(Problem.on(m.method(), what + " takes a PeerHost, but workload class "
                    + w.type().getSimpleName() + " has no @Peer; add @Peer to the class, or take only (Guest guest)"));
        } else if (m.shape() == MethodShape.PEER_ONLY && measure) {
            problems.add(Problem.on(m.method(), what + " takes only (PeerHost peer), but the measurement runs on"
                    + " every guest; take (Guest guest, PeerHost peer)"));
        }
    }

    private static String parameterText(ExecutableElement method) {
        return "(" + String.join(", ", method.getParameters().stream()
                .map(p -> p.asType() + " " + p.getSimpleName()).toList()) + ")";
    }

    private static void checkResult(WorkloadModel w, LifecycleMethodModel m, LifecycleAnnotation role, String what,
                                    List<Problem> problems) {
        if (role.phase() != Phase.MEASURE) {
            if (m.result() != ResultKind.VOID) {
                problems.add(Problem.on(m.method(), what + " returns " + m.resultText() + "; it must return void,"
                        + " since nothing would read the result"));
            }
            return;
        }
        Unit unit = w.unit();
        switch (m.result()) {
            case VOID, OTHER -> problems.add(Problem.on(m.method(), what + " returns " + m.resultText()
                    + "; return the measured value: a Measurement, a Duration or a number in the workload's unit ("
                    + unit.symbol() + ")"));
            case DURATION -> {
                if (!unit.isTime()) {
                    problems.add(Problem.on(m.method(), what + " returns a Duration, but the workload's unit "
                            + unit + " (" + unit.symbol() + ") is not a time; return a number or a Measurement in "
                            + unit.symbol() + ", or declare a time unit such as Unit.SECONDS"));
                }
            }
            default -> {
                // a Measurement or a number is always fine
            }
        }
    }

    private static void checkMeasureCount(WorkloadModel w, List<Problem> problems) {
        List<LifecycleMethodModel> measures = w.methods().stream()
                .filter(m -> m.roles().stream().anyMatch(r -> r.phase() == Phase.MEASURE))
                .toList();
        if (measures.isEmpty()) {
            problems.add(Problem.on(w.type(), w.annotation(), "workload class " + w.type().getSimpleName()
                    + " has no @Measure method; add one public method annotated @Measure that takes (Guest guest)"
                    + " and returns the measured value"));
        }
        for (LifecycleMethodModel extra : measures.stream().skip(1).toList()) {
            problems.add(Problem.on(extra.method(), "workload class " + w.type().getSimpleName() + " has more than"
                    + " one @Measure method (" + measures.get(0).name() + " and " + extra.name()
                    + "); a workload measures exactly one thing, so keep one"));
        }
    }
}
