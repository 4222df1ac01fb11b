package org.virtbench.runner.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Reads a {@code results.json} of schema version 1, whose cells held all their fields flat, as the
 * current schema: each cell's fields moved into the groups of {@link ResultsDocument.CellResult}
 * under their current names. Statuses kept their words, so only the cells change. Compare, report
 * and the regression gates read old results through this; a newer file is refused by the
 * schema check.
 */
final class ResultsSchemaV1 {
    /** The version this upgrades from. */
    static final int VERSION = 1;

    /** Each group of a current cell, and its fields as {@code current name -> version 1 name}. */
    private static final Map<String, Map<String, String>> GROUPS = Map.of(
            "cell", fields("workload", "backend", "guests", "unit", "direction", "params", "repeat", "discard"),
            "outcome", fields("status", "reason", "trialsRun", "dynamicRepetition"),
            "figures", fields("summary", "perGuest", "relative", "levels"),
            "scale", Map.of("aggregate", "scale", "detail", "scaleDetail", "maxStartSkewNanos", "maxStartSkewNanos",
                    "mix", "mix"),
            "provisioned", fields("memoryPerGuestBytes", "memoryPolicy", "provisioningFacts", "guestFacts"));

    private ResultsSchemaV1() {
    }

    private static Map<String, String> fields(String... names) {
        return java.util.Arrays.stream(names).collect(java.util.stream.Collectors.toMap(n -> n, n -> n));
    }

    /** Rewrites the cells of a version-1 document in place, into the current shape. */
    static void upgrade(ObjectNode root) {
        JsonNode cells = root.path("cells");
        for (JsonNode node : cells) {
            ObjectNode flat = (ObjectNode) node;
            ObjectNode grouped = flat.objectNode();
            GROUPS.forEach((group, names) -> {
                ObjectNode g = grouped.putObject(group);
                names.forEach((now, then) -> {
                    if (flat.has(then)) {
                        g.set(now, flat.get(then));
                    }
                });
            });
            grouped.set("samples", flat.path("samples").isMissingNode() ? flat.arrayNode() : flat.get("samples"));
            flat.removeAll();
            flat.setAll(grouped);
        }
        root.put("schemaVersion", ResultsDocument.SCHEMA_VERSION);
    }
}
