package org.virtbench.processor.model;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * A class-level annotation's value together with where it was written, so that an error about the
 * value points at it.
 *
 * @param value      the value, defaults applied
 * @param annotation the annotation as written
 * @param position   the written value, absent when the default applies
 * @param <T>        the value's type
 */
public record Setting<T>(T value, AnnotationMirror annotation, Optional<AnnotationValue> position) {
}
