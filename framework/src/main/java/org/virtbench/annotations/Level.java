package org.virtbench.annotations;

/** When a {@link Setup} or {@link Teardown} method runs. */
public enum Level {
    /** Once per provisioning: after the guests are created, before the first trial (setup), or after the last trial, before the guests are released (teardown). */
    PROVISIONING,
    /** Around every trial, warm-up trials included: before (setup) or after (teardown) each measurement. Never timed. */
    TRIAL
}
