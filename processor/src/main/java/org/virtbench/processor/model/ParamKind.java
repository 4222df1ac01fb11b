package org.virtbench.processor.model;

/**
 * The field types a {@code @Param} may have, each with its name in
 * {@link org.virtbench.plan.ParamSpec#type()} and the {@link org.virtbench.plan.ParamConverter}
 * method a generated plan converts it with.
 */
public enum ParamKind {
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

    ParamKind(String specName, String converter) {
        this.specName = specName;
        this.converter = converter;
    }

    /** The type name in the plan spec: {@code int}, {@code size}, {@code enum}, ... */
    public String specName() {
        return specName;
    }

    /** The name of the static {@code ParamConverter} method that converts a value to this type. */
    public String converter() {
        return converter;
    }
}
