package org.virtbench.processor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.virtbench.annotations.DiscardFirst;
import org.virtbench.annotations.Level;
import org.virtbench.annotations.Measure;
import org.virtbench.annotations.Param;
import org.virtbench.annotations.Peer;
import org.virtbench.annotations.Repeat;
import org.virtbench.annotations.Requires;
import org.virtbench.annotations.ScaleVMs;
import org.virtbench.annotations.Setup;
import org.virtbench.annotations.Teardown;
import org.virtbench.annotations.Timeout;
import org.virtbench.annotations.Unit;
import org.virtbench.annotations.Workload;
import org.virtbench.guest.Guest;
import org.virtbench.guest.Measurement;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.DataSize;
import org.virtbench.plan.Phase;
import org.virtbench.plan.Requirements;
import org.virtbench.processor.model.ClassShape;
import org.virtbench.processor.model.LifecycleAnnotation;
import org.virtbench.processor.model.LifecycleMethodModel;
import org.virtbench.processor.model.MethodShape;
import org.virtbench.plan.ParamType;
import org.virtbench.processor.model.ParamModel;
import org.virtbench.processor.model.ResultKind;
import org.virtbench.processor.model.Setting;
import org.virtbench.processor.model.TimeoutModel;
import org.virtbench.processor.model.WorkloadModel;

/**
 * Reads a {@code @Workload} class and its annotated members into a {@link WorkloadModel}, judging
 * nothing: whatever is written is recorded, so that the validator can say what is wrong with it.
 */
final class WorkloadReader {
    private final Elements elements;
    private final Types types;
    private final Mirrors mirrors;
    private final TypeMirror guest;
    private final TypeMirror peerHost;
    private final TypeMirror measurement;
    private final TypeMirror duration;
    private final TypeMirror number;
    private final TypeMirror string;
    private final TypeMirror dataSize;
    private final TypeMirror unchecked;
    private final TypeMirror error;

    WorkloadReader(ProcessingEnvironment env) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.mirrors = new Mirrors(elements);
        this.guest = type(Guest.class);
        this.peerHost = type(PeerHost.class);
        this.measurement = type(Measurement.class);
        this.duration = type(Duration.class);
        this.number = type(Number.class);
        this.string = type(String.class);
        this.dataSize = type(DataSize.class);
        this.unchecked = type(RuntimeException.class);
        this.error = type(Error.class);
    }

    private TypeMirror type(Class<?> type) {
        return elements.getTypeElement(type.getCanonicalName()).asType();
    }

    /**
     * Whether a type the workload's members mention does not exist yet, possibly because another
     * processor generates it in a later round: such a workload is read again then.
     */
    boolean unresolved(TypeElement type) {
        Stream<TypeMirror> fieldTypes = ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
                .map(Element::asType);
        Stream<TypeMirror> methodTypes = ElementFilter.methodsIn(type.getEnclosedElements()).stream()
                .flatMap(m -> Stream.concat(Stream.of(m.getReturnType()),
                        m.getParameters().stream().map(Element::asType)));
        return Stream.concat(fieldTypes, methodTypes).anyMatch(t -> t.getKind() == TypeKind.ERROR);
    }

    /**
     * Reads one {@code @Workload} class.
     *
     * @return empty when {@code @Workload} lacks its name or unit, an error javac reports itself
     */
    Optional<WorkloadModel> read(TypeElement type) {
        AnnotationMirror workload = Mirrors.find(type, Workload.class).orElseThrow();
        Optional<String> name = mirrors.string(workload, "name");
        Optional<Unit> unit = mirrors.constant(workload, "unit", Unit.class);
        if (name.isEmpty() || unit.isEmpty()) {
            return Optional.empty();
        }
        String packageName = elements.getPackageOf(type).getQualifiedName().toString();
        Requirements requires = Mirrors.find(type, Requires.class)
                .map(r -> new Requirements(mirrors.list(r, "packages", String.class),
                        mirrors.list(r, "commands", String.class)))
                .orElse(Requirements.NONE);
        return Optional.of(new WorkloadModel(type, workload, name.get(), Mirrors.written(workload, "name"),
                unit.get(), mirrors.string(workload, "description").orElse(""),
                elements.getBinaryName(type).toString(), packageName, planSimpleName(type), shape(type),
                intSetting(type, Repeat.class), intSetting(type, DiscardFirst.class), scales(type), memory(type),
                requires,
                Mirrors.find(type, Peer.class).isPresent(), timeout(type), params(type, packageName),
                methods(type)));
    }

    private static String planSimpleName(TypeElement type) {
        Deque<String> names = new ArrayDeque<>();
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            names.addFirst(e.getSimpleName().toString());
        }
        return String.join("_", names) + "_VirtbenchPlan";
    }

    private static ClassShape shape(TypeElement type) {
        boolean enclosedByPrivate = false;
        for (Element e = type.getEnclosingElement(); e instanceof TypeElement; e = e.getEnclosingElement()) {
            enclosedByPrivate |= e.getModifiers().contains(Modifier.PRIVATE);
        }
        boolean publicNoArg = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
                .anyMatch(c -> c.getModifiers().contains(Modifier.PUBLIC) && c.getParameters().isEmpty());
        return new ClassShape(type.getKind(), type.getModifiers().contains(Modifier.PUBLIC),
                type.getModifiers().contains(Modifier.ABSTRACT), type.getNestingKind(),
                type.getModifiers().contains(Modifier.STATIC), enclosedByPrivate,
                !type.getTypeParameters().isEmpty(), publicNoArg);
    }

    private Optional<Setting<Integer>> intSetting(TypeElement type, Class<?> annotation) {
        return Mirrors.find(type, annotation).flatMap(m -> mirrors.integer(m, "value")
                .map(v -> new Setting<>(v, m, Mirrors.written(m, "value"))));
    }

    private Optional<Setting<List<Integer>>> scales(TypeElement type) {
        return Mirrors.find(type, ScaleVMs.class)
                .map(m -> new Setting<>(mirrors.list(m, "value", Integer.class), m, Mirrors.written(m, "value")));
    }

    private Optional<Setting<String>> memory(TypeElement type) {
        return Mirrors.find(type, ScaleVMs.class).flatMap(m -> mirrors.string(m, "memory")
                .filter(v -> !v.isEmpty())
                .map(v -> new Setting<>(v, m, Mirrors.written(m, "memory"))));
    }

    private Optional<TimeoutModel> timeout(Element element) {
        return Mirrors.find(element, Timeout.class).flatMap(m -> mirrors.longValue(m, "value").map(v ->
                new TimeoutModel(v, mirrors.constant(m, "unit", TimeUnit.class).orElse(TimeUnit.SECONDS), m)));
    }

    private List<ParamModel> params(TypeElement type, String packageName) {
        List<ParamModel> params = new ArrayList<>();
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            Optional<AnnotationMirror> param = Mirrors.find(field, Param.class);
            if (param.isEmpty()) {
                continue;
            }
            AnnotationMirror m = param.get();
            TypeMirror fieldType = field.asType();
            Optional<ParamType> kind = kind(fieldType);
            List<String> constants = kind.filter(k -> k == ParamType.ENUM)
                    .map(k -> enumConstants((TypeElement) types.asElement(fieldType)))
                    .orElse(List.of());
            boolean accessible = kind.filter(k -> k == ParamType.ENUM)
                    .map(k -> accessibleFrom((TypeElement) types.asElement(fieldType), packageName))
                    .orElse(true);
            String fieldName = field.getSimpleName().toString();
            String declared = mirrors.string(m, "name").orElse("");
            params.add(new ParamModel(field, m, fieldName, declared.isEmpty() ? fieldName : declared,
                    Mirrors.written(m, "name"), field.getModifiers(), kind,
                    fieldType.toString(), constants, accessible, mirrors.string(m, "value").orElse(""),
                    Mirrors.written(m, "value"), mirrors.string(m, "quick").orElse(""), Mirrors.written(m, "quick"),
                    mirrors.string(m, "description").orElse("")));
        }
        return params;
    }

    private Optional<ParamType> kind(TypeMirror type) {
        return Optional.ofNullable(switch (type.getKind()) {
            case INT -> ParamType.INT;
            case LONG -> ParamType.LONG;
            case DOUBLE -> ParamType.DOUBLE;
            case BOOLEAN -> ParamType.BOOLEAN;
            case DECLARED -> {
                if (types.isSameType(type, string)) {
                    yield ParamType.STRING;
                } else if (types.isSameType(type, dataSize)) {
                    yield ParamType.SIZE;
                } else if (types.isSameType(type, duration)) {
                    yield ParamType.DURATION;
                }
                yield ((DeclaredType) type).asElement().getKind() == ElementKind.ENUM ? ParamType.ENUM : null;
            }
            default -> null;
        });
    }

    private static List<String> enumConstants(TypeElement enumType) {
        return enumType.getEnclosedElements().stream()
                .filter(e -> e.getKind() == ElementKind.ENUM_CONSTANT)
                .map(e -> e.getSimpleName().toString())
                .toList();
    }

    /** Whether code in {@code packageName} can name {@code type}: each class on its nesting path is visible there. */
    private boolean accessibleFrom(TypeElement type, String packageName) {
        boolean samePackage = elements.getPackageOf(type).getQualifiedName().contentEquals(packageName);
        for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
            boolean isPublic = e.getModifiers().contains(Modifier.PUBLIC);
            boolean isPrivate = e.getModifiers().contains(Modifier.PRIVATE);
            if (!(isPublic || (samePackage && !isPrivate))) {
                return false;
            }
        }
        return true;
    }

    private List<LifecycleMethodModel> methods(TypeElement type) {
        List<LifecycleMethodModel> methods = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            List<LifecycleAnnotation> roles = roles(method);
            Optional<TimeoutModel> timeout = timeout(method);
            if (roles.isEmpty() && timeout.isEmpty()) {
                continue;
            }
            List<String> checked = method.getThrownTypes().stream()
                    .filter(t -> !types.isSubtype(t, unchecked) && !types.isSubtype(t, error))
                    .map(TypeMirror::toString)
                    .toList();
            methods.add(new LifecycleMethodModel(method, method.getSimpleName().toString(), roles,
                    method.getModifiers(), methodShape(method), result(method.getReturnType()),
                    method.getReturnType().toString(), checked, !method.getTypeParameters().isEmpty(), timeout));
        }
        return methods;
    }

    /** The method's lifecycle annotations, in the order they are written. */
    private List<LifecycleAnnotation> roles(ExecutableElement method) {
        List<LifecycleAnnotation> roles = new ArrayList<>();
        for (AnnotationMirror m : method.getAnnotationMirrors()) {
            String name = ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().toString();
            if (name.equals(Setup.class.getCanonicalName())) {
                roles.add(new LifecycleAnnotation(Phase.SETUP, level(m), m));
            } else if (name.equals(Measure.class.getCanonicalName())) {
                roles.add(new LifecycleAnnotation(Phase.MEASURE, Level.TRIAL, m));
            } else if (name.equals(Teardown.class.getCanonicalName())) {
                roles.add(new LifecycleAnnotation(Phase.TEARDOWN, level(m), m));
            }
        }
        return roles;
    }

    private Level level(AnnotationMirror m) {
        return mirrors.constant(m, "value", Level.class).orElse(Level.PROVISIONING);
    }

    private MethodShape methodShape(ExecutableElement method) {
        List<TypeMirror> params = method.getParameters().stream().map(Element::asType).toList();
        if (params.size() == 1 && types.isSameType(params.get(0), guest)) {
            return MethodShape.GUEST;
        }
        if (params.size() == 1 && types.isSameType(params.get(0), peerHost)) {
            return MethodShape.PEER_ONLY;
        }
        if (params.size() == 2 && types.isSameType(params.get(0), guest) && types.isSameType(params.get(1), peerHost)) {
            return MethodShape.GUEST_AND_PEER;
        }
        return MethodShape.OTHER;
    }

    private ResultKind result(TypeMirror type) {
        return switch (type.getKind()) {
            case VOID -> ResultKind.VOID;
            case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE -> ResultKind.PRIMITIVE_NUMBER;
            case DECLARED -> {
                if (types.isSameType(type, measurement)) {
                    yield ResultKind.MEASUREMENT;
                } else if (types.isSameType(type, duration)) {
                    yield ResultKind.DURATION;
                }
                yield types.isAssignable(type, number) ? ResultKind.BOXED_NUMBER : ResultKind.OTHER;
            }
            default -> ResultKind.OTHER;
        };
    }
}
