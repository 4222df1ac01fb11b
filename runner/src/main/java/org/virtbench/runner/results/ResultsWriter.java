package org.virtbench.runner.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.virtbench.runner.system.DurableFiles;
import org.virtbench.runner.system.SchemaVersionException;

/** Writes and reads {@code results.json} with Jackson. */
public final class ResultsWriter {
    /** The mapper for results: indented, and non-finite numbers written as null. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(finiteNumbers());

    private ResultsWriter() {
    }

    /** Writes the document, replacing the file durably so a reader never sees half of it. */
    public static void write(ResultsDocument document, Path file) throws IOException {
        DurableFiles.replace(file, out -> JSON.writeValue(out, document));
    }

    /**
     * Reads a results document; one of schema version 1 (cells flat) is read as the current schema.
     *
     * @throws SchemaVersionException when a newer virtbench wrote it
     */
    public static ResultsDocument read(Path file) throws IOException {
        JsonNode root = checkedTree(file);
        if (root.path("schemaVersion").asInt(1) == ResultsSchemaV1.VERSION) {
            ResultsSchemaV1.upgrade((com.fasterxml.jackson.databind.node.ObjectNode) root);
        }
        return JSON.treeToValue(root, ResultsDocument.class);
    }

    /**
     * Refuses to replace a results file that a newer virtbench wrote; a file that is missing or
     * not JSON (an older run was killed while writing it) may be replaced.
     *
     * @throws SchemaVersionException when a newer virtbench wrote it
     */
    public static void checkReplaceable(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                checkedTree(file);
            }
        } catch (IOException e) {
            // not readable as results: rebuilding it from the journal loses nothing
        }
    }

    private static JsonNode checkedTree(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a JSON object");
        }
        SchemaVersionException.check(file, root.path("schemaVersion").asInt(1), ResultsDocument.SCHEMA_VERSION);
        return root;
    }

    /** NaN and infinities have no JSON form; writing them as null keeps the file valid JSON with numbers. */
    private static SimpleModule finiteNumbers() {
        StdSerializer<Double> finite = new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (value == null || !Double.isFinite(value)) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        SimpleModule module = new SimpleModule("finite-numbers");
        module.addSerializer(Double.class, finite);
        module.addSerializer(Double.TYPE, finite);
        return module;
    }
}
