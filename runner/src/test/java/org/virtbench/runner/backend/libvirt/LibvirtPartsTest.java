package org.virtbench.runner.backend.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendException;

/** The libvirt backend's argument, versions, templates and sweep rule, without a daemon. */
class LibvirtPartsTest {
    @Test
    void parsesTheUriAndTheOptionsAfterTheHash() {
        LibvirtSettings local = LibvirtSettings.parse("qemu:///system");
        assertTrue(local.local());
        assertEquals(Optional.empty(), local.domainType());
        assertEquals(LibvirtSettings.DEFAULT_POOL, local.pool());
        assertEquals(Backend.LOCAL_HOST, new LibvirtBackend("qemu:///system", local).host());

        LibvirtSettings remote = LibvirtSettings.parse("qemu+ssh://root@kvm1/system?keyfile=/k#domain-type=kvm&cpus=2"
                + "&bridge=br0&addresses=192.0.2.100-192.0.2.103&prefix=25&gateway=192.0.2.1");
        assertEquals("qemu+ssh://root@kvm1/system?keyfile=/k", remote.uri());
        assertEquals(Optional.of("kvm1"), remote.remoteHost());
        assertEquals(Optional.of("kvm"), remote.domainType());
        assertEquals(2, remote.qemu().cpus());
        LibvirtSettings.RemoteNetwork net = remote.network().orElseThrow();
        assertEquals(List.of("192.0.2.100", "192.0.2.101", "192.0.2.102", "192.0.2.103"), net.addresses());
        assertEquals(25, net.prefix());
        assertEquals("kvm1", new LibvirtBackend("x", remote).host(), "a remote host is a lane of its own");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> LibvirtSettings.parse("qemu:///system#colour=red"))
                .getMessage().contains("unknown option 'colour'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LibvirtSettings.parse("qemu:///system#bridge=br0"))
                .getMessage().contains("go together"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LibvirtSettings.parse("qemu:///system#domain-type=xen"))
                .getMessage().contains("auto, qemu or kvm"));
        assertThrows(IllegalArgumentException.class, () -> LibvirtSettings.parse(""));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "bridge=br0&addresses=10.0.0.1-10.0.0.99999999999&gateway=10.0.0.254 | is not an IPv4 address",
        "bridge=br0&addresses=10.0.0.200-10.0.0.1&gateway=10.0.0.254 | runs backwards",
        "bridge=br0&addresses=10.0.0.1-10.0.1.5&gateway=10.0.0.254 | within one /24",
        "bridge=br0&addresses=10.0.0.1+10.0.0.300&gateway=10.0.0.254 | 10.0.0.300 is not an IPv4 address",
        "bridge=br0&addresses=10.0.0.1&gateway=10.0.0.254/24 | gateway=10.0.0.254/24 is not an IPv4 address",
        "bridge=br0&addresses=01.2.3.4&gateway=10.0.0.254 | is not an IPv4 address",
        "bridge=br0 x&addresses=10.0.0.1&gateway=10.0.0.254 | is not an interface name",
        "bridge=a-bridge-name-too-long&addresses=10.0.0.1&gateway=10.0.0.254 | is not an interface name",
        "bridge=<br/>&addresses=10.0.0.1&gateway=10.0.0.254 | is not an interface name",
        "bridge=br0&addresses=10.0.0.1&gateway=10.0.0.254&prefix=33 | prefix=33 is not an IPv4 prefix length",
        "bridge=br0&addresses=10.0.0.1&gateway=10.0.0.254&prefix=twenty | prefix=twenty is not an IPv4 prefix length",
        "bridge=br0&addresses=10.0.0.1&gateway=10.0.0.254&prefix=99999999999 | is not an IPv4 prefix length",
    })
    void refusesABadRemoteNetworkWithOneLineThatNamesThePart(String options, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibvirtSettings.parse("qemu+ssh://root@kvm1/system#" + options));
        assertTrue(e.getMessage().startsWith("libvirt: ") && e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void acceptsTheRangesAndNamesItDocuments() {
        LibvirtSettings s = LibvirtSettings.parse("qemu+ssh://root@kvm1/system#bridge=br-lab.1&addresses=192.0.2.254-192.0.2.255"
                + "&gateway=192.0.2.1&prefix=23");
        assertEquals(List.of("192.0.2.254", "192.0.2.255"), s.network().orElseThrow().addresses());
        assertEquals(23, s.network().orElseThrow().prefix());
        assertEquals("br-lab.1", s.network().orElseThrow().bridge());
    }

    @Test
    void unpacksLibvirtVersions() {
        assertEquals("9.0.0", LibvirtBackend.version(9_000_000));
        assertEquals("7.2.22", LibvirtBackend.version(7_002_022));
    }

    @Test
    void fillsTheQemuTemplateEscapedAndRefusesDriversWithout() {
        DomainTemplate t = DomainTemplate.builtIn("QEMU").orElseThrow();
        Map<String, String> values = new java.util.HashMap<>();
        for (String key : List.of("domainType", "name", "owner", "memoryMiB", "cpus", "kernel", "initrd", "disk", "bridge",
                "mac", "console", "cpuMode")) {
            values.put(key, key);
        }
        values.put("cmdline", "a=<b>&'c'");
        values.put("features", "<tcg/>");
        String xml = t.fill(values, Set.of("features"));
        assertTrue(xml.contains("<cmdline>a=&lt;b&gt;&amp;&apos;c&apos;</cmdline>"), xml);
        assertTrue(xml.contains("<features><tcg/></features>"), xml);
        assertFalse(xml.contains("{{"), xml);
        values.remove("bridge");
        assertThrows(BackendException.class, () -> t.fill(values, Set.of()));
        assertTrue(DomainTemplate.builtIn("Xen").isEmpty());
        assertTrue(assertThrows(BackendException.class, () -> DomainTemplate.forDriver("LXC", Optional.empty()))
                .getMessage().contains("LXC driver has no virtbench domain template"));
    }

    @Test
    void sweepsOnlyRunsOfThisMachineWhoseProcessIsGone() {
        String self = RunNames.prefix("abc123", ProcessHandle.current());
        assertFalse(RunNames.dead(self + "0f0f-g0", "abc123"), "a live run");
        assertTrue(RunNames.dead("vb-abc123-" + ProcessHandle.current().pid() + "-1-0f0f-g0", "abc123"),
                "a live pid that started at another time: a reused pid, the run is dead");
        assertTrue(RunNames.dead("vb-abc123-999999999-0f0f-g0.qcow2", "abc123"), "a dead run");
        assertFalse(RunNames.dead("vb-ffffff-999999999-0f0f-g0", "abc123"), "another machine's run");
        assertFalse(RunNames.dead("base-0123.qcow2", "abc123"), "media");
    }
}
