package org.virtbench.runner.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in workloads' declared costs (resource {@code declared-costs.json}): per workload and
 * profile, what one guest spends on the bare host of this project's machine kind (2 cores), split
 * into work that a slower backend or more guests than cores stretch, and wall time fixed by the
 * workload itself (dbench's {@code -t}, sysbench's {@code --time}).
 *
 * @param workloads workload id, then profile ({@code quick}, {@code paper}), then its cost
 */
record DeclaredCosts(Map<String, Map<String, Cost>> workloads) {
    static final String RESOURCE = "declared-costs.json";

    /**
     * @param setupSeconds work done once a cell, before the trials (inputs, servers, unpacking)
     * @param workSeconds  work of one trial that stretches with the backend's slowdown and contention
     * @param fixedSeconds wall time of one trial that does not (a run of a given length)
     */
    record Cost(double setupSeconds, double workSeconds, double fixedSeconds) {
    }

    DeclaredCosts {
        workloads = Map.copyOf(workloads);
    }

    Optional<Cost> of(String workload, String profile) {
        return Optional.ofNullable(workloads.get(workload)).map(p -> p.get(profile));
    }

    static DeclaredCosts builtIn() {
        try (InputStream in = DeclaredCosts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the virtbench runner");
            }
            return new ObjectMapper().readValue(in, DeclaredCosts.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
