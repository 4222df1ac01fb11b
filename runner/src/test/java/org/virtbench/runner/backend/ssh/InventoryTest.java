package org.virtbench.runner.backend.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.runner.backend.ssh.InventoryMachine.Role;

/** Reading inventories: defaults, groups, roles, pinned keys from the file or known_hosts, and every refusal. */
class InventoryTest {
    /** Two syntactically real public keys (their blobs name their type), made for this test only. */
    private static final String ED25519 = "ssh-ed25519 " + blob("ssh-ed25519");
    private static final String RSA = "ssh-rsa " + blob("ssh-rsa");

    @TempDir
    Path dir;

    private static String blob(String type) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        byte[] blob = new byte[4 + name.length + 8];
        blob[3] = (byte) name.length;
        System.arraycopy(name, 0, blob, 4, name.length);
        return Base64.getEncoder().encodeToString(blob);
    }

    @BeforeEach
    void key() throws Exception {
        Files.writeString(dir.resolve("id"), "not read here, only checked for readability\n");
    }

    private Inventory load(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return Inventory.load(file);
    }

    private String fails(String text) {
        return assertThrows(IllegalArgumentException.class, () -> load("bad.yaml", text)).getMessage();
    }

    @Test
    void appliesDefaultsAndGroupsGuestsInFileOrder() throws Exception {
        Inventory inv = load("lab.yaml", """
                host: xen1
                defaults: {keyFile: id, user: bench, port: 2222}
                machines:
                  - {name: pv1, address: 192.0.2.11, technology: xen-pv, version: Xen 4.17, memory: 512MiB, hostKey: %s}
                  - {name: vb1, address: 192.0.2.21, technology: virtualbox, hostKey: %s}
                  - {name: pv2, address: 192.0.2.12, port: 22, technology: xen-pv, version: Xen 4.17, hostKey: %s}
                  - {name: net, address: 192.0.2.2, role: peer, hostKey: %s}
                """.formatted(ED25519, ED25519, RSA, ED25519));
        assertEquals(Optional.of("xen1"), inv.host());
        assertEquals(List.of("xen-pv", "virtualbox"), List.copyOf(inv.groups().keySet()));
        List<InventoryMachine> xen = inv.groups().get("xen-pv");
        assertEquals(List.of("pv1", "pv2"), xen.stream().map(InventoryMachine::name).toList());
        assertEquals(2222, xen.get(0).port());
        assertEquals(22, xen.get(1).port());
        assertEquals("bench", xen.get(0).user());
        assertEquals("Xen 4.17", xen.get(1).version());
        assertEquals(512L << 20, xen.get(0).memoryBytes().getAsLong());
        assertEquals(dir.resolve("id"), xen.get(0).keyFile(), "relative to the inventory");
        assertEquals("ssh-rsa", xen.get(1).hostKey().type());
        assertEquals(Role.PEER, inv.withRole(Role.PEER).get(0).role());
        assertEquals("xen-pv", inv.group(Optional.of("xen-pv")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> inv.group(Optional.empty())).getMessage()
                .contains("several groups (xen-pv, virtualbox)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> inv.group(Optional.of("kvm"))).getMessage()
                .contains("no group 'kvm'"));
    }

    @Test
    void readsJsonToo() throws Exception {
        Inventory inv = load("lab.json", "{\"machines\": [{\"name\": \"c1\", \"address\": \"10.0.0.5\", \"keyFile\": \"id\","
                + " \"hostKey\": \"" + ED25519 + "\", \"technology\": \"openvz\", \"group\": \"vz\"}]}");
        assertEquals("vz", inv.group(Optional.empty()));
        assertEquals("openvz", inv.groups().get("vz").get(0).technology());
    }

    @Test
    void pinsKeysFromKnownHostsPlainHashedAndWithPorts() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        String hashed = "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(mac.doFinal("hashed.lab".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(dir.resolve("known_hosts"), String.join("\n",
                "# comment",
                "@cert-authority *.lab " + ED25519,
                "plain.lab,10.0.0.1 " + RSA,
                "plain.lab " + ED25519,
                "[ported.lab]:2200 " + RSA,
                hashed + " " + ED25519,
                "*.wild,!no.wild " + RSA,
                "@revoked gone.lab " + ED25519,
                "gone.lab " + ED25519, ""));
        assertEquals("ssh-ed25519", KnownHosts.lookup(dir.resolve("known_hosts"), "PLAIN.lab", 22).orElseThrow().type(),
                "the strongest key of a host, names matched in lower case");
        assertEquals("ssh-rsa", KnownHosts.lookup(dir.resolve("known_hosts"), "10.0.0.1", 22).orElseThrow().type());
        assertEquals("ssh-rsa", KnownHosts.lookup(dir.resolve("known_hosts"), "ported.lab", 2200).orElseThrow().type());
        assertTrue(KnownHosts.lookup(dir.resolve("known_hosts"), "ported.lab", 22).isEmpty());
        assertEquals("ssh-ed25519", KnownHosts.lookup(dir.resolve("known_hosts"), "hashed.lab", 22).orElseThrow().type());
        assertTrue(KnownHosts.lookup(dir.resolve("known_hosts"), "a.wild", 22).isPresent());
        assertTrue(KnownHosts.lookup(dir.resolve("known_hosts"), "no.wild", 22).isEmpty(), "negated");
        assertTrue(KnownHosts.lookup(dir.resolve("known_hosts"), "gone.lab", 22).isEmpty(), "revoked");
        assertTrue(KnownHosts.lookup(dir.resolve("known_hosts"), "x.lab", 22).isEmpty(), "a CA key is no host key");

        Inventory inv = load("kh.yaml", "defaults: {keyFile: id, knownHosts: known_hosts}\nmachines:\n"
                + "  - {name: h, address: hashed.lab, technology: kvm}\n");
        assertEquals("ssh-ed25519", inv.groups().get("kvm").get(0).hostKey().type());
        assertTrue(fails("defaults: {keyFile: id, knownHosts: known_hosts}\nmachines:\n"
                + "  - {name: u, address: unknown.lab, technology: kvm}\n").contains("has no usable key for unknown.lab"));
    }

    @Test
    void refusesWhatCannotBeTrustedOrIsMisspelt() {
        String key = "hostKey: " + ED25519;
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t, keyFile: id}\n")
                .contains("no hostKey and no knownHosts"), "no trust on first use");
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t, " + key + "}\n").contains("no keyFile"));
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t, keyFile: nosuch, " + key + "}\n")
                .contains("cannot be read"));
        assertTrue(fails("machines:\n  - {name: a, address: x, keyFile: id, " + key + "}\n").contains("technology label"));
        assertTrue(fails("machines:\n  - {name: a, adress: x, technology: t, keyFile: id, " + key + "}\n")
                .contains("adress"), "an unknown field is an error");
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t, keyFile: id, " + key + "}\n"
                + "  - {name: a, address: y, technology: t, keyFile: id, " + key + "}\n").contains("two machines are named 'a'"));
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t1, group: g, keyFile: id, " + key + "}\n"
                + "  - {name: b, address: y, technology: t2, group: g, keyFile: id, " + key + "}\n").contains("mixes"));
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t, version: '1', keyFile: id, " + key + "}\n"
                + "  - {name: b, address: y, technology: t, version: '2', keyFile: id, " + key + "}\n").contains("several versions"));
        assertTrue(fails("machines:\n  - {name: a, address: x, role: boss, keyFile: id, " + key + "}\n").contains("role 'boss'"));
        assertTrue(fails("machines:\n  - {name: p, address: x, role: peer, keyFile: id, " + key + "}\n").contains("no guest"));
        assertTrue(fails("machines: []\n").contains("lists no machines"));
        assertTrue(fails("machines:\n  - \n").contains("machine #1 is empty"), "a null entry, not a stack trace");
        assertTrue(fails("machines:\n  - {name: [a, b], address: x}\n").contains("is not valid"), "a wrong type");
        assertTrue(fails("machines: 7\n").contains("is not valid"));
        assertTrue(fails("machines:\n  - {name: a, address: x, port: abc}\n").contains("is not valid"), "a port that is no number");
        assertTrue(fails("machines:\n  - {name: a, address: x, port: 99999999999}\n").contains("is not valid"), "an int overflow");
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t, port: 70000, keyFile: id, " + key + "}\n")
                .contains("port 70000 is not a TCP port"));
        assertTrue(fails("defaults: 3\nmachines:\n  - {name: a}\n").contains("is not valid"), "defaults of a wrong type");
        assertTrue(fails("machines:\n  - [a, b]\n").contains("is not valid"), "an entry that is a list");
        assertTrue(fails("machines:\n  - {name: a, address: x, technology: t, memory: lots, keyFile: id, " + key + "}\n")
                .contains("memory 'lots'"));
    }

    @Test
    void filesThatAreNotUtf8AreRefusedClearly() throws Exception {
        Path inventory = dir.resolve("latin1.yaml");
        Files.write(inventory, "machines:\n  - {name: caf\u00e9}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Inventory.load(inventory)).getMessage()
                .contains("is not UTF-8 text"));
        Path knownHosts = dir.resolve("known_hosts");
        Files.write(knownHosts, new byte[] {'x', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        assertTrue(fails("defaults: {keyFile: id, knownHosts: known_hosts}\nmachines:\n"
                + "  - {name: u, address: x.lab, technology: kvm}\n").contains("is not UTF-8 text"));
    }

    @Test
    void aKnownHostsPatternCannotMakeTheLookupRunAway() throws Exception {
        String pattern = "*a".repeat(14) + "*b";
        String host = "a".repeat(250);
        Path knownHosts = dir.resolve("patterns");
        Files.writeString(knownHosts, pattern + " " + ED25519 + "\n" + "*a*.lab " + ED25519 + "\n");
        // a backtracking regex takes C(250, 14) steps here; the matcher a few thousand
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            assertTrue(KnownHosts.lookup(knownHosts, host, 22).isEmpty(), "no b at the end: no match");
            assertTrue(KnownHosts.lookup(knownHosts, "xAy.LAB", 22).isPresent(), "globs match case-insensitively");
        });
        assertTrue(KnownHosts.glob("a?c*", "abcdef") && KnownHosts.glob("*", "") && !KnownHosts.glob("?", "")
                && KnownHosts.glob("*.lab", "x.lab") && !KnownHosts.glob("*.lab", "x.lab.org"));
    }
}
