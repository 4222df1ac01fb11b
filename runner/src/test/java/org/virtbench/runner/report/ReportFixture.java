package org.virtbench.runner.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.annotations.Unit;
import org.virtbench.backend.Backend;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;
import org.virtbench.plan.ExecutionPlan;
import org.virtbench.runner.engine.CellPlan;
import org.virtbench.runner.journal.CellKey;
import org.virtbench.runner.journal.JournalState;
import org.virtbench.runner.meta.HostMetadata;
import org.virtbench.runner.results.ResultsBuilder;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.stats.StatsMode;
import org.virtbench.runner.testing.EngineHarness;
import org.virtbench.runner.testing.Events;
import org.virtbench.runner.testing.FakeBackend;
import org.virtbench.runner.testing.ScriptedPlan;

/**
 * A campaign like the paper's on fake backends: a time, a throughput and a scale workload on
 * {@code host}, {@code lxc} and {@code qemu}, with the facts real backends record, so that every
 * part of the report has data.
 */
final class ReportFixture {
    /** The host's package versions; the lxc guests run another netperf: Table 2 must show it. */
    static final Map<String, String> HOST_PACKAGES = Map.of("bzip2", "1.0.8-5+b1", "netperf", "2.7.0-0.2",
            "sysbench", "1.0.20+ds-6");

    private ReportFixture() {
    }

    /** Runs the campaign in {@code dir} and summarizes it as {@code run} does. */
    static ResultsDocument campaign(Path dir, StatsMode mode) throws IOException {
        Events events = new Events();
        ScriptedPlan compress = ScriptedPlan.builder("compress", events).repeat(5, 1).requires("bzip2", "bzip2")
                .script(by(Map.of("host", 2.0, "lxc", 2.04, "qemu", 3.1), Duration.ZERO));
        ScriptedPlan stream = ScriptedPlan.builder("stream", events).unit(Unit.MBIT_PER_SECOND).repeat(5, 1)
                .requires("netperf", "netperf").script(by(Map.of("host", 940.0, "lxc", 931.0, "qemu", 310.0), Duration.ZERO));
        ScriptedPlan oltp = ScriptedPlan.builder("oltp", events).unit(Unit.TRANSACTIONS_PER_SECOND).repeat(3, 1)
                .scales(1, 2, 4).requires("sysbench", "sysbench")
                .script(by(Map.of("host", 400.0, "lxc", 380.0, "qemu", 150.0), Duration.ofMillis(60)));
        EngineHarness harness = new EngineHarness(dir).stats(mode)
                .backend(new Dressed(new FakeBackend("host", events), "Linux (bare metal)", Map.of(), Map.of()))
                .backend(new Dressed(new FakeBackend("lxc", events), "LXC", Map.of("lxc.version", "5.0.2"),
                        Map.of("guest.package.bzip2", "1.0.8-5+b1", "guest.package.netperf", "2.7.0-0.1",
                                "guest.package.sysbench", "1.0.20+ds-6")))
                .backend(new Dressed(new FakeBackend("qemu", events), "QEMU (TCG)", Map.of("qemu.version", "7.2.15"),
                        Map.of("accelerator", "tcg", "guest.package.bzip2", "1.0.8-5+b1")));
        ExecutionPlan[] plans = {compress, stream, oltp};
        harness.run(plans);
        List<CellKey> keys = harness.cells(plans).stream().map(CellPlan::cell).toList();
        HostMetadata host = new HostMetadata("bench-1", "Debian GNU/Linux 12 (bookworm)", "6.1.0-28-amd64",
                "Intel(R) Xeon(R) <test> CPU", 2, 24L << 30, 250, "vda", "mq-deadline", "kvm",
                Map.of("bzip2", "bzip2, a block-sorting file compressor.  Version 1.0.8"), HOST_PACKAGES);
        return ResultsBuilder.build(harness.settings(), host, keys, new JournalState(harness.journal()),
                Instant.now().toString(), List.of(compress.spec(), stream.spec(), oltp.spec()));
    }

    /**
     * Values by backend, a few percent apart by guest and trial; each measure lasts {@code lasting},
     * so that a scale cell's windows span several of /proc/stat's ticks (10 ms) and its timeline
     * has points.
     */
    private static ScriptedPlan.Script by(Map<String, Double> base, Duration lasting) {
        return new ScriptedPlan.Script() {
            @Override
            public double measure(int guest, int trial) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double measureOn(Guest guest, int trial) throws InterruptedException {
                Thread.sleep(lasting.toMillis());
                String backend = guest.name().substring(0, guest.name().lastIndexOf('-'));
                double wobble = 1 + 0.01 * (((trial * 7 + guest.index() * 3) % 5) - 2);
                return base.get(backend) * wobble;
            }
        };
    }

    /** A fake backend with a technology name and the facts a real one records. */
    private record Dressed(FakeBackend fake, String technology, Map<String, String> probeFacts,
                           Map<String, String> provisioningFacts) implements Backend {
        @Override
        public String id() {
            return fake.id();
        }

        @Override
        public Probe probe() {
            return Probe.available(probeFacts);
        }

        @Override
        public Provisioning provision(ProvisionRequest request) {
            Provisioning inner = fake.provision(request);
            Map<String, String> facts = new LinkedHashMap<>(inner.facts());
            facts.putAll(provisioningFacts);
            return new Provisioning() {
                @Override
                public List<Guest> guests() {
                    return inner.guests();
                }

                @Override
                public Optional<PeerHost> peer() {
                    return inner.peer();
                }

                @Override
                public Map<String, String> facts() {
                    return facts;
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        }
    }
}
