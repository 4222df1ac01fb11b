package org.virtbench.annotations;

/** Which way a result gets better; decides how a value is normalized against bare metal. */
public enum Direction {
    /** A time: smaller is better; relative performance is {@code native / virtual}. */
    LOWER_IS_BETTER,
    /** A rate: larger is better; relative performance is {@code virtual / native}. */
    HIGHER_IS_BETTER
}
