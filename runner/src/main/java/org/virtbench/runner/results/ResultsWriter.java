package org.virtbench.runner.results;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes and reads {@code results.json} with Jackson. */
public final class ResultsWriter {
    /** The mapper for results: indented, and non-finite numbers written as null. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(finiteNumbers());

    private ResultsWriter() {
    }

    /** Writes the document, replacing the file atomically so a reader never sees half of it. */
    public static void write(ResultsDocument document, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), document);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ResultsDocument read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ResultsDocument.class);
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
