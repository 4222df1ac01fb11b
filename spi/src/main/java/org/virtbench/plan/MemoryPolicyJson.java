package org.virtbench.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The JSON edge of a {@link MemoryPolicy}: written as its {@link MemoryPolicy#text() text}
 * ({@code "paper"}, {@code "total=3244MiB,cap=2039MiB"}) and parsed back once, when a file is read.
 * The plan index and a campaign's settings file register it; everywhere else the policy is typed.
 */
public final class MemoryPolicyJson {
    private MemoryPolicyJson() {
    }

    /** The Jackson module that writes and reads {@link MemoryPolicy} as text. */
    public static Module module() {
        return new SimpleModule("virtbench-memory-policy")
                .addSerializer(MemoryPolicy.class, new JsonSerializer<>() {
                    @Override
                    public void serialize(MemoryPolicy value, JsonGenerator gen, SerializerProvider provider)
                            throws IOException {
                        gen.writeString(value.text());
                    }
                })
                .addDeserializer(MemoryPolicy.class, new JsonDeserializer<>() {
                    @Override
                    public MemoryPolicy deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                        String text = p.getValueAsString();
                        if (text == null || text.isBlank()) {
                            return null;
                        }
                        try {
                            return MemoryPolicy.parse(text);
                        } catch (IllegalArgumentException e) {
                            return (MemoryPolicy) ctx.handleWeirdStringValue(MemoryPolicy.class, text, e.getMessage());
                        }
                    }
                });
    }
}
