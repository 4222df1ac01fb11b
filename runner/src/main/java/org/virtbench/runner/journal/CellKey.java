package org.virtbench.runner.journal;

import java.util.Objects;

/**
 * One cell of a campaign: a workload run on one backend in a number of guests at once. Every
 * journal entry about a cell names it with these three fields.
 *
 * @param workload the workload id
 * @param backend  the backend id as given to {@code --backend}
 * @param guests   n, the number of guests run concurrently
 */
public record CellKey(String workload, String backend, int guests) {
    public CellKey {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(backend, "backend");
        if (guests < 1) {
            throw new IllegalArgumentException("a cell has at least one guest, got " + guests);
        }
    }

    /** {@code bzip2 @ host n=1}, for progress lines and messages. */
    @Override
    public String toString() {
        return workload + " @ " + backend + " n=" + guests;
    }
}
