package org.virtbench.runner.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a cell ended. */
public enum CellStatus {
    /** Its trials ran and at least one kept sample holds a value (some guests may have failed). */
    @JsonProperty("completed") COMPLETED,
    /** It could not run (provisioning, a missing tool, the peer) or no kept sample holds a value. */
    @JsonProperty("failed") FAILED
}
