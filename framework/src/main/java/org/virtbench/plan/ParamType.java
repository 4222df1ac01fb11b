package org.virtbench.plan;

import java.util.Arrays;

/**
 * The types a {@code @Param} field may have: the one list, which the processor reads a field's type
 * into, the generated plan converts with, and the runner checks a value against.
 */
public enum ParamType {
    STRING("String", "asString"),
    INT("int", "asInt"),
    LONG("long", "asLong"),
    DOUBLE("double", "asDouble"),
    BOOLEAN("boolean", "asBoolean"),
    SIZE("size", "asSize"),
    DURATION("duration", "asDuration"),
    ENUM("enum", "asEnum");

    private final String specName;
    private final String converter;

    ParamType(String specName, String converter) {
        this.specName = specName;
        this.converter = converter;
    }

    /** The type name in {@link ParamSpec#type()} and the plan index: {@code int}, {@code size}, {@code enum}, ... */
    public String specName() {
        return specName;
    }

    /** The name of the static {@link ParamConverter} method that converts a value to this type. */
    public String converter() {
        return converter;
    }

    /**
     * The type of a spec name.
     *
     * @throws IllegalArgumentException for a name no type has (an index from another version)
     */
    public static ParamType of(String specName) {
        return Arrays.stream(values()).filter(t -> t.specName.equals(specName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unsupported parameter type " + specName));
    }

    /**
     * Checks that {@code value} converts to this type; an enum's constants are checked by the caller,
     * who knows them.
     *
     * @throws IllegalArgumentException with the message a user would see
     */
    public void check(String value) {
        switch (this) {
            case STRING -> ParamConverter.asString(value);
            case INT -> ParamConverter.asInt(value);
            case LONG -> ParamConverter.asLong(value);
            case DOUBLE -> ParamConverter.asDouble(value);
            case BOOLEAN -> ParamConverter.asBoolean(value);
            case SIZE -> ParamConverter.asSize(value);
            case DURATION -> ParamConverter.asDuration(value);
            case ENUM -> {
                // the constants are the caller's to check
            }
        }
    }
}
