package org.virtbench.processor.model;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * One compile-time error found in a workload, reported on the element that causes it.
 *
 * @param element    the class, field or method the error belongs to
 * @param annotation the annotation on {@code element} the error is about, when it is about one:
 *                   javac then points at the annotation rather than at the declaration
 * @param value      the annotation's value the error is about, for an even closer position
 * @param message    what is wrong and how to fix it
 */
public record Problem(Element element, Optional<AnnotationMirror> annotation, Optional<AnnotationValue> value,
                      String message) {

    /** An error on a declaration. */
    public static Problem on(Element element, String message) {
        return new Problem(element, Optional.empty(), Optional.empty(), message);
    }

    /** An error on one annotation of a declaration. */
    public static Problem on(Element element, AnnotationMirror annotation, String message) {
        return new Problem(element, Optional.of(annotation), Optional.empty(), message);
    }

    /** An error on one value of one annotation of a declaration. */
    public static Problem on(Element element, AnnotationMirror annotation, Optional<AnnotationValue> value,
                             String message) {
        return new Problem(element, Optional.of(annotation), value, message);
    }
}
