package org.virtbench.processor.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import org.virtbench.plan.ParamType;

/**
 * One {@code @Param} field, as written.
 *
 * @param field          the field
 * @param annotation     its {@code @Param}
 * @param name           the field's name
 * @param paramName      the parameter's name: {@code @Param.name}, else the field's name
 * @param paramNamePosition where {@code @Param.name} is written, absent when it is not
 * @param modifiers      the field's modifiers
 * @param kind           the parameter type, absent when the field's type is not one a parameter may have
 * @param typeText       the field's type as source would write it, for messages
 * @param enumConstants  the constant names when {@code kind} is {@link ParamType#ENUM}, else empty
 * @param typeAccessible whether the generated plan, in the workload's package, can name the field's type
 * @param defaultValue   {@code @Param.value}
 * @param defaultPosition where {@code value} is written
 * @param quick          {@code @Param.quick}; empty means the same as the default
 * @param quickPosition  where {@code quick} is written, absent when it is not
 * @param description    {@code @Param.description}
 */
public record ParamModel(VariableElement field, AnnotationMirror annotation, String name, String paramName,
                         Optional<AnnotationValue> paramNamePosition, Set<Modifier> modifiers,
                         Optional<ParamType> kind, String typeText, List<String> enumConstants,
                         boolean typeAccessible, String defaultValue, Optional<AnnotationValue> defaultPosition,
                         String quick, Optional<AnnotationValue> quickPosition, String description) {
    public ParamModel {
        modifiers = Set.copyOf(modifiers);
        enumConstants = List.copyOf(enumConstants);
    }
}
