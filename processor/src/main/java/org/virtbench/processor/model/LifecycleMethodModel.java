package org.virtbench.processor.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;

/**
 * A method of a workload class carrying {@code @Setup}, {@code @Measure}, {@code @Teardown} or
 * {@code @Timeout}, as written.
 *
 * @param method            the method
 * @param name              its simple name
 * @param roles             its lifecycle annotations in source order; exactly one on a valid method
 * @param modifiers         its modifiers
 * @param shape             its parameter list
 * @param result            what it returns
 * @param resultText        its return type as source would write it, for messages
 * @param checkedExceptions checked exceptions it declares, as source would write them
 * @param generic           declares type parameters
 * @param timeout           its {@code @Timeout}, if any
 */
public record LifecycleMethodModel(ExecutableElement method, String name, List<LifecycleAnnotation> roles,
                                   Set<Modifier> modifiers, MethodShape shape, ResultKind result, String resultText,
                                   List<String> checkedExceptions, boolean generic, Optional<TimeoutModel> timeout) {
    public LifecycleMethodModel {
        roles = List.copyOf(roles);
        modifiers = Set.copyOf(modifiers);
        checkedExceptions = List.copyOf(checkedExceptions);
    }

    /** The method's one lifecycle annotation; call only on a method the validator accepted. */
    public LifecycleAnnotation role() {
        return roles.get(0);
    }
}
