package org.virtbench.runner.journal;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a cell ended. */
public enum CellStatus {
    /** Its trials ran and at least one kept sample holds a value (some guests may have failed). */
    @JsonProperty("completed") COMPLETED,
    /** It could not run (provisioning, a missing tool, the peer) or no kept sample holds a value. */
    @JsonProperty("failed") FAILED,
    /**
     * Its guests do not fit: the memory policy leaves a guest less than a mebibyte at this n, or
     * every failure of the cell was a guest running out of its memory (the paper could not run
     * SysBench in 32 VirtualBox guests of 101 MiB). A finding about the technology at this n, not
     * an error of the campaign.
     */
    @JsonProperty("does-not-fit") DOES_NOT_FIT
}
