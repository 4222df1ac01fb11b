package org.virtbench.runner.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Reads a sample line of journal schema version 1, whose value, status, reason and host-clock span
 * stood flat, as the current {@link JournalEntry.Sample}: they move into its {@code outcome} and
 * {@code span}. Told apart by shape, line by line, because resuming a campaign of version 1 appends
 * lines of the current version to the same journal. Other kinds of line did not change.
 */
final class JournalSchemaV1 {
    private static final Map<String, String> OUTCOME = Map.of("status", "status", "value", "value", "unit", "unit",
            "reason", "reason", "raw", "raw");
    private static final Map<String, String> SPAN = Map.of("startNanos", "hostStartNanos", "endNanos",
            "hostEndNanos", "source", "span", "note", "spanNote");

    private JournalSchemaV1() {
    }

    /** Rewrites a version-1 sample line in place; leaves every other line as it is. */
    static void upgrade(ObjectNode line) {
        if (!"sample".equals(line.path("type").asText()) || line.has("outcome")) {
            return;
        }
        ObjectNode outcome = line.objectNode();
        move(line, outcome, OUTCOME);
        ObjectNode span = line.objectNode();
        boolean timed = line.hasNonNull("hostStartNanos") && line.hasNonNull("hostEndNanos");
        move(line, span, SPAN);
        line.set("outcome", outcome);
        line.set("span", timed ? span : line.nullNode());
    }

    private static void move(ObjectNode from, ObjectNode to, Map<String, String> fields) {
        fields.forEach((now, then) -> {
            JsonNode value = from.remove(then);
            if (value != null) {
                to.set(now, value);
            }
        });
    }
}
