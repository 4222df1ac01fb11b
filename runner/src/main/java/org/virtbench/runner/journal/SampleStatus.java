package org.virtbench.runner.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a sample holds a value. */
public enum SampleStatus {
    /** The measure phase returned a value. */
    @JsonProperty("ok") OK,
    /** A phase of this guest failed or timed out; the sample's reason says which and why. */
    @JsonProperty("failed") FAILED;

    /** Its name in the journal and {@code results.json}: {@code ok} or {@code failed}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
