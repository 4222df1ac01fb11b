package org.virtbench.runner.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.virtbench.annotations.Unit;
import org.virtbench.guest.Measurement;

/**
 * Each workload of the paper's suite, run for real on this host with its quick profile. The values
 * must be plausible for any machine (positive, in the workload's unit, parsed from the tool's real
 * output), not this machine's numbers. Needs root and scripts/install-deps.sh.
 */
class PaperSuiteQuickTest {
    private static void check(String id, Unit unit, double min, double max, Consumer<Measurement> more) {
        check(id, Map.of(), unit, min, max, more);
    }

    private static void check(String id, Map<String, String> overrides, Unit unit, double min, double max,
                              Consumer<Measurement> more) {
        QuickRun.Result run = QuickRun.run(id, overrides);
        assertEquals(unit, run.spec().unit(), id + " declares its unit");
        assertEquals(QuickRun.trials(), run.samples().size(), id + " gave one sample per trial");
        for (Measurement m : run.samples()) {
            assertEquals(unit, m.unit(), id + " sample unit");
            assertTrue(m.value() > min && m.value() < max, id + " = " + m + ", expected between " + min + " and " + max);
            assertTrue(m.timedCommand().isPresent(), id + " keeps the command it timed on the host's clock");
            assertFalse(m.raw().isBlank(), id + " keeps the tool's raw output");
            more.accept(m);
        }
        assertTrue(run.leftovers().isEmpty(), id + " left processes running after teardown: " + run.leftovers());
    }

    private static void positive(Measurement m, String secondary) {
        Double value = m.secondary().get(secondary);
        assertTrue(value != null && value > 0, "secondary " + secondary + " of " + m + ": " + m.secondary());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void kernelBuild() {
        check("kernel-build", Unit.SECONDS, 1, 900, m -> assertTrue(m.raw().contains("kernel/"), m.raw()));
    }

    @Test
    void bzip2() {
        check("bzip2", Unit.SECONDS, 0.05, 300, m -> {
            double ratio = m.secondary().get("bzip2.ratio");
            assertTrue(ratio > 1.05 && ratio < 1.5, "the generated image compresses a little: " + ratio);
            assertEquals(32 << 20, m.secondary().get("input.MB") * 1e6, 1);
        });
    }

    @Test
    void dbench() {
        check("dbench", Unit.MB_PER_SECOND, 0.1, 1e6, m -> {
            assertTrue(m.raw().contains("4 clients"), m.raw());
            assertTrue(m.secondary().get("host.elapsed.s") >= 10, "dbench ran its 10 s: " + m.secondary());
        });
    }

    @Test
    void ddFile() {
        check("dd-file", Unit.MB_PER_SECOND, 0.1, 1e6, m -> positive(m, "dd.rate.MB/s"));
    }

    @Test
    void ddNull() {
        check("dd-null", Unit.MB_PER_SECOND, 1, 1e6, m -> {
            positive(m, "dd.rate.MB/s");
            assertTrue(m.raw().contains("1000000000 bytes"), m.raw());
        });
    }

    @Test
    void netperf() {
        check("netperf", Unit.MBIT_PER_SECOND, 1, 1e7, m -> {
            assertTrue(m.raw().contains("TCP STREAM TEST") && m.raw().contains("10.213."), m.raw());
            assertEquals(5.0, m.secondary().get("netperf.elapsed.s"), 0.5);
        });
    }

    @Test
    void rsyncTree() {
        check("rsync-tree", Unit.SECONDS, 0.01, 600, m -> {
            double size = m.secondary().get("rsync.total_size.bytes");
            assertTrue(size > 10e6 && size < 200e6, "the fs/ subtree is tens of MB: " + size);
        });
    }

    @Test
    void rsyncIso() {
        check("rsync-iso", Unit.SECONDS, 0.01, 600,
                m -> assertEquals(64 << 20, m.secondary().get("rsync.total_size.bytes"), 0.5));
    }

    @Test
    void sysbenchOltp() {
        // a free port rather than the default, which a concurrent run on this host may hold
        Map<String, String> port = Map.of("mysqlPort", Integer.toString(freePort()));
        check("sysbench-oltp", port, Unit.TRANSACTIONS_PER_SECOND, 1, 1e6, m -> {
            positive(m, "latency.p95.ms");
            positive(m, "queries/s");
            // quick bounds the trial in time (5 s), not in transactions: sysbench ran at least that long
            assertTrue(m.secondary().get("sysbench.total_time.s") >= 4.99, m.raw());
            assertTrue(m.value() > 0, m.raw());
        });
    }
}
