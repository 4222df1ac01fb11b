package org.virtbench.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one list of parameter types: names, converters and checks agree. */
class ParamTypeTest {
    @Test
    void everyTypeIsFoundByItsSpecNameAndHasItsConverter() throws Exception {
        for (ParamType t : ParamType.values()) {
            assertEquals(t, ParamType.of(t.specName()));
            ParamConverter.class.getMethod(t.converter(), t == ParamType.ENUM
                    ? new Class<?>[] {Class.class, String.class} : new Class<?>[] {String.class});
        }
        assertEquals("unsupported parameter type float",
                assertThrows(IllegalArgumentException.class, () -> ParamType.of("float")).getMessage());
    }

    @Test
    void aSpecChecksAValueAgainstItsType() {
        ParamSpec count = new ParamSpec("count", "int", List.of(), "3", Map.of(), "");
        count.check("12");
        assertEquals("'abc' is not an int; write a whole number such as 100", assertThrows(IllegalArgumentException.class, () -> count.check("abc"))
                .getMessage());
        ParamSpec size = new ParamSpec("input", "size", List.of(), "1MiB", Map.of(), "");
        assertThrows(IllegalArgumentException.class, () -> size.check("12 parsecs"));
        ParamSpec level = new ParamSpec("level", "enum", List.of("FAST", "BEST"), "best", Map.of(), "");
        level.check("fast");
        assertEquals("'slow' is not one of FAST, BEST", assertThrows(IllegalArgumentException.class,
                () -> level.check("slow")).getMessage());
    }

    @Test
    void aDurationThatOverflowsOrRunsBackwardsIsRefusedWithOneLine() {
        assertEquals("'99999999999999999999s' is too long a duration", assertThrows(IllegalArgumentException.class,
                () -> ParamConverter.asDuration("99999999999999999999s")).getMessage());
        assertEquals("'9223372036854775807d' is too long a duration", assertThrows(IllegalArgumentException.class,
                () -> ParamConverter.asDuration("9223372036854775807d")).getMessage());
        assertEquals("'PT-5S' is a negative duration; write one such as 300s", assertThrows(IllegalArgumentException.class,
                () -> ParamConverter.asDuration("PT-5S")).getMessage());
        assertEquals(java.time.Duration.ofMinutes(5), ParamConverter.asDuration("5m"));
    }
}
