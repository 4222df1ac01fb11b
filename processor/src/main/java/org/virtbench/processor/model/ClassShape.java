package org.virtbench.processor.model;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.NestingKind;

/**
 * What the validator needs to know about a workload class's declaration, as written.
 *
 * @param kind                     class, interface, enum, record or annotation type
 * @param isPublic                 declared {@code public}
 * @param isAbstract               declared {@code abstract}
 * @param nesting                  top-level, member, local or anonymous
 * @param isStatic                 declared {@code static} (meaningful for member classes only)
 * @param enclosedByPrivate        some enclosing class is {@code private}, which hides this one from the plan
 * @param generic                  declares type parameters
 * @param hasPublicNoArgConstructor has a public constructor without parameters (the implicit one counts)
 */
public record ClassShape(ElementKind kind, boolean isPublic, boolean isAbstract, NestingKind nesting,
                         boolean isStatic, boolean enclosedByPrivate, boolean generic,
                         boolean hasPublicNoArgConstructor) {
}
