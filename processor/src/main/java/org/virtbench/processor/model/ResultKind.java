package org.virtbench.processor.model;

/** What a lifecycle method returns, which decides how a {@code @Measure} result becomes a Measurement. */
public enum ResultKind {
    /** {@code void}: right for setup and teardown, an error for {@code @Measure}. */
    VOID,
    /** {@link org.virtbench.guest.Measurement}: returned as it is. */
    MEASUREMENT,
    /** {@link java.time.Duration}: converted to the workload's unit, which must be a time. */
    DURATION,
    /** {@code byte}, {@code short}, {@code int}, {@code long}, {@code float} or {@code double}: widened to double. */
    PRIMITIVE_NUMBER,
    /** A {@link Number}: converted with {@code doubleValue()}. */
    BOXED_NUMBER,
    /** Anything else, which is an error for every lifecycle method. */
    OTHER
}
