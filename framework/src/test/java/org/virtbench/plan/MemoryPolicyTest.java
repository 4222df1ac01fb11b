package org.virtbench.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPolicyTest {
    private static final long MIB = 1L << 20;
    private static final List<Integer> NS = List.of(1, 2, 4, 8, 16, 32);

    @Test
    void paperIsTable4ExactlyWhateverTheHost() {
        List<Long> table4 = List.of(2039L, 1622L, 811L, 405L, 202L, 101L);
        for (long host : new long[] {4096 * MIB, 24105 * MIB, 512L << 30}) {
            assertEquals(table4, NS.stream().map(n -> MemoryPolicy.paper().perGuestBytes(n, host) / MIB).toList());
        }
        assertEquals("paper: min(2039 MiB, 3244 MiB / n)", MemoryPolicy.paper().describe(24105 * MIB));
    }

    @Test
    void defaultScalesTable4ToTheHost() {
        // on the paper's own 4 GiB machine the default is Table 4
        assertEquals(List.of(2039L, 1622L, 811L, 405L, 202L, 101L),
                NS.stream().map(n -> MemoryPolicy.hostScaled().perGuestBytes(n, 4096 * MIB) / MIB).toList());
        // on a host of 8 GiB every share doubles (to the MiB)
        assertEquals(List.of(4078L, 3244L, 1622L, 811L, 405L, 202L),
                NS.stream().map(n -> MemoryPolicy.hostScaled().perGuestBytes(n, 8192 * MIB) / MIB).toList());
        assertEquals("default: min(4078 MiB, 6488 MiB / n)", MemoryPolicy.hostScaled().describe(8192 * MIB));
    }

    @Test
    void explicitSizesParseWithAndWithoutACap() {
        MemoryPolicy both = MemoryPolicy.parse("total=12GiB,cap=2GiB");
        assertEquals(new MemoryPolicy.Fixed(DataSize.parse("12GiB"), DataSize.parse("2GiB")), both);
        assertEquals(2048 * MIB, both.perGuestBytes(1, 1));
        assertEquals(384 * MIB, both.perGuestBytes(32, 1));
        assertEquals("total=12GiB,cap=2GiB", both.text());
        assertEquals(both, MemoryPolicy.parse(" cap=2GiB , TOTAL=12GiB "), "order and case do not matter");
        MemoryPolicy uncapped = MemoryPolicy.parse("total=1000MiB");
        assertEquals(1000 * MIB, uncapped.perGuestBytes(1, 1));
        assertEquals(333 * MIB, uncapped.perGuestBytes(3, 1), "rounded down to a whole MiB");
        assertEquals(MemoryPolicy.paper(), MemoryPolicy.parse("Paper"));
        assertEquals(MemoryPolicy.hostScaled(), MemoryPolicy.parse("default"));
        assertEquals(MemoryPolicy.paper(), MemoryPolicy.parse(MemoryPolicy.paper().text()));
        assertEquals(both, MemoryPolicy.parse(both.text()), "text() parses back");
    }

    @Test
    void aShareUnderOneMebibyteIsZero() {
        assertEquals(0, MemoryPolicy.parse("total=16MiB").perGuestBytes(32, 1));
    }

    @Test
    void badPoliciesSayWhatIsAccepted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.parse("half")).getMessage()
                .contains("write paper, default, or total=SIZE[,cap=SIZE]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.parse("cap=1GiB")).getMessage()
                .contains("has no total"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.parse("total=1GiB,total=2GiB"))
                .getMessage().contains("gives total twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.parse("total=lots")).getMessage()
                .contains("is not a size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.parse("total=100KiB"))
                .getMessage().contains("less than 1 MiB"));
        assertThrows(IllegalArgumentException.class, () -> MemoryPolicy.paper().perGuestBytes(0, 1));
    }
}
