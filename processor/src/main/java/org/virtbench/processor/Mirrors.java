package org.virtbench.processor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads annotations through their mirrors rather than {@code getAnnotation}: a mirror also says
 * where the annotation and each value are written, so errors point there, and a broken value
 * (which javac reports itself) shows up as a wrong type here instead of an exception.
 */
final class Mirrors {
    private final Elements elements;

    Mirrors(Elements elements) {
        this.elements = elements;
    }

    /** The annotation of type {@code type} on {@code element}, if present. */
    static Optional<AnnotationMirror> find(Element element, Class<?> type) {
        String name = type.getCanonicalName();
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement annotationType = (TypeElement) mirror.getAnnotationType().asElement();
            if (annotationType.getQualifiedName().contentEquals(name)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /** The value of element {@code name} as written in source; empty when the default applies. */
    static Optional<AnnotationValue> written(AnnotationMirror mirror, String name) {
        return mirror.getElementValues().entrySet().stream()
                .filter(e -> e.getKey().getSimpleName().contentEquals(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .map(v -> (AnnotationValue) v);
    }

    /** The value of element {@code name}, written or default; empty when neither exists. */
    Optional<Object> value(AnnotationMirror mirror, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                : elements.getElementValuesWithDefaults(mirror).entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return Optional.ofNullable(e.getValue().getValue());
            }
        }
        return Optional.empty();
    }

    /** A {@code String} value; empty when absent or broken. */
    Optional<String> string(AnnotationMirror mirror, String name) {
        return value(mirror, name).filter(String.class::isInstance).map(String.class::cast);
    }

    /** An {@code int} value; empty when absent or broken. */
    Optional<Integer> integer(AnnotationMirror mirror, String name) {
        return value(mirror, name).filter(Integer.class::isInstance).map(Integer.class::cast);
    }

    /** A {@code long} value; empty when absent or broken. */
    Optional<Long> longValue(AnnotationMirror mirror, String name) {
        return value(mirror, name).filter(Number.class::isInstance).map(n -> ((Number) n).longValue());
    }

    /** An enum value as a constant of {@code type}; empty when absent or broken. */
    <E extends Enum<E>> Optional<E> constant(AnnotationMirror mirror, String name, Class<E> type) {
        return value(mirror, name)
                .filter(VariableElement.class::isInstance)
                .map(v -> Enum.valueOf(type, ((VariableElement) v).getSimpleName().toString()));
    }

    /** An array value's elements, each unwrapped; elements of another type are left out. */
    <T> List<T> list(AnnotationMirror mirror, String name, Class<T> type) {
        return value(mirror, name)
                .filter(List.class::isInstance)
                .map(l -> ((List<?>) l).stream()
                        .map(v -> ((AnnotationValue) v).getValue())
                        .filter(type::isInstance)
                        .map(type::cast)
                        .toList())
                .orElse(List.of());
    }
}
