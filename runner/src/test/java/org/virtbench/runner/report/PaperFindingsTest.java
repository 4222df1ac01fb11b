package org.virtbench.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.report.PaperFindings.Finding;
import org.virtbench.runner.report.PaperFindings.Kind;
import org.virtbench.runner.report.PaperFindings.Rule;
import org.virtbench.runner.report.PaperFindings.Verdict;
import org.virtbench.runner.results.ResultsDocument;
import org.virtbench.runner.results.ResultsDocument.BackendResult;
import org.virtbench.runner.stats.StatsMode;

class PaperFindingsTest {
    /** The Table-2 workloads the suite ships. */
    private static final Set<String> WORKLOADS = Set.of("kernel-build", "bzip2", "dbench", "dd-file", "dd-null",
            "netperf", "rsync-tree", "rsync-iso", "sysbench-oltp");

    @TempDir
    static Path dir;
    static ResultsDocument doc;

    @BeforeAll
    static void campaign() throws Exception {
        doc = ReportFixture.campaign(dir, StatsMode.PAPER);
    }

    @Test
    void everyFindingNamesAFigureAndSectionFiveOrSixOfASuiteWorkload() {
        List<Finding> findings = PaperFindings.findings();
        assertTrue(findings.size() >= 30, findings.size() + " findings");
        for (Finding f : findings) {
            assertTrue(WORKLOADS.contains(f.workload()), f.workload());
            assertTrue(f.source().matches("Figure \\d+, section [56].*"), f.source());
            assertFalse(f.finding().isBlank());
            assertFalse(f.rule().text().isBlank());
        }
    }

    @Test
    void backendsMapOntoThePapersClasses() {
        assertEquals(TechnologyClass.OS_LEVEL, TechnologyClass.of("LXC (OS-level)").orElseThrow());
        assertEquals(TechnologyClass.FULL_EMULATION, TechnologyClass.of("QEMU (TCG)").orElseThrow());
        assertEquals(TechnologyClass.HARDWARE_ASSISTED, TechnologyClass.of("KVM").orElseThrow());
        assertEquals(TechnologyClass.PARA_VIRTUALIZATION, TechnologyClass.of("Xen (libvirt)").orElseThrow());
        assertTrue(TechnologyClass.of("Linux (bare metal)").isEmpty());
    }

    @Test
    void rulesDecideAgreesDisagreesAndNotMeasured() {
        // the fixture: compress (a time) host 2.0 s, lxc 2.04 s, qemu 3.1 s; oltp at n = 1, 2, 4
        assertEquals(Verdict.AGREES, verdict("compress", TechnologyClass.OS_LEVEL, rule(Kind.AT_LEAST, 0.9), "lxc"));
        assertEquals(Verdict.DISAGREES, verdict("compress", TechnologyClass.OS_LEVEL, rule(Kind.BELOW, 0.9), "lxc"));
        assertEquals(Verdict.AGREES, verdict("compress", TechnologyClass.FULL_EMULATION, rule(Kind.BELOW, 0.9), "qemu"));
        assertEquals(Verdict.NOT_MEASURED, verdict("compress", TechnologyClass.FULL_EMULATION,
                new Rule(Kind.BELOW_CLASS, null, null, null, TechnologyClass.HARDWARE_ASSISTED), "qemu"));
        assertEquals(Verdict.AGREES, verdict("compress", TechnologyClass.OS_LEVEL,
                new Rule(Kind.ABOVE_CLASS, null, null, null, TechnologyClass.FULL_EMULATION), "lxc"));
        // oltp's aggregate grows with n: not flat, and there is no n >= 16 to fall at
        assertEquals(Verdict.DISAGREES, verdict("oltp", TechnologyClass.OS_LEVEL, rule(Kind.AGGREGATE_FLAT, 0.9), "lxc"));
        assertEquals(Verdict.NOT_MEASURED, verdict("oltp", TechnologyClass.OS_LEVEL, rule(Kind.AGGREGATE_FALLS, 0.9),
                "lxc"));
        assertEquals(Verdict.NOT_MEASURED, verdict("absent", TechnologyClass.OS_LEVEL, rule(Kind.AT_LEAST, 0.9), "lxc"));
    }

    @Test
    void sectionStatesItsRules() {
        Html h = new Html();
        PaperFindings.section(h, doc);
        String html = h.toString();
        assertTrue(html.contains("The paper side by side"), html);
        assertTrue(html.contains("within 10% of bare metal"), html);
    }

    private static Rule rule(Kind kind, double value) {
        return new Rule(kind, value, null, null, null);
    }

    private static Verdict verdict(String workload, TechnologyClass tc, Rule rule, String backend) {
        BackendResult b = doc.backends().stream().filter(x -> x.id().equals(backend)).findFirst().orElseThrow();
        Finding f = new Finding(workload, tc, "test", rule.kind() == Kind.AGGREGATE_FLAT
                || rule.kind() == Kind.AGGREGATE_FALLS, "finding", "Figure 1, section 5", rule);
        return PaperFindings.check(doc, f, b).verdict();
    }
}
