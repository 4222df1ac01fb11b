package org.virtbench.runner.backend.host;

import org.virtbench.runner.system.Processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.backend.BackendProvider;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.guest.Command;
import org.virtbench.guest.Guest;
import org.virtbench.guest.PeerHost;

class HostBackendTest {
    @TempDir
    Path logs;

    private final HostBackend backend = new HostBackend(HostBackend.DEFAULT_ROOT);

    @Test
    void isFoundThroughTheServiceLoaderAndRunsHere() {
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("host")).findFirst().orElseThrow();
        assertTrue(provider.create("").probe().available());
    }

    @Test
    void givesEachGuestItsOwnWorkDirAndRemovesThemAndTheirLeftoverProcessesOnClose() throws Exception {
        Provisioning provisioning = backend.provision(new ProvisionRequest(2, 1L << 30, false, List.of(), logs));
        List<Path> dirs;
        ProcessHandle leftover;
        try {
            List<Guest> guests = provisioning.guests();
            assertEquals(2, guests.size());
            dirs = guests.stream().map(g -> Path.of(g.workDir())).toList();
            assertNotEquals(dirs.get(0), dirs.get(1));
            for (int i = 0; i < 2; i++) {
                assertEquals("host-" + i, guests.get(i).name());
                assertEquals("host-" + i, dirs.get(i).getFileName().toString());
                assertTrue(dirs.get(i).startsWith(HostBackend.DEFAULT_ROOT));
                assertTrue(Files.isDirectory(dirs.get(i)));
                assertEquals("127.0.0.1", guests.get(i).address());
            }
            // a daemon that outlives its command, working in the guest's directory (as mariadbd does)
            guests.get(1).run(Command.shell("sleep 300 >/dev/null 2>&1 </dev/null &")
                    .withWorkingDirectory(guests.get(1).workDir())).requireSuccess();
            List<Long> found = Processes.using(dirs.get(1));
            assertEquals(1, found.size(), "the background sleep works in host-1");
            leftover = ProcessHandle.of(found.get(0)).orElseThrow();
            assertTrue(leftover.isAlive());
            String pwd = guests.get(0).run(Command.of("pwd").withWorkingDirectory(guests.get(0).workDir()))
                    .requireSuccess().stdout().trim();
            assertEquals(dirs.get(0).toString(), pwd);
        } finally {
            provisioning.close();
        }
        leftover.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(leftover.isAlive(), "killed on close");
        for (Path dir : dirs) {
            assertFalse(Files.exists(dir), dir + " removed");
        }
        assertFalse(Files.exists(dirs.get(0).getParent()), "the run directory is removed too");
        provisioning.close(); // a second close does nothing
    }

    @Test
    void eachGuestRunsInACpuGroupOfItsOwnAsAContainerDoesAndTheGroupGoesOnClose() throws Exception {
        Provisioning provisioning = backend.provision(new ProvisionRequest(2, 1L << 30, false, List.of(), logs));
        java.util.Optional<Path> hierarchy = CpuGroups.hierarchy();
        List<String> groups = new java.util.ArrayList<>();
        ProcessHandle daemon;
        try {
            String fact = provisioning.facts().get("cpuGroup");
            assertTrue(fact.startsWith(hierarchy.isPresent() ? "one per guest" : "none: "), fact);
            for (Guest guest : provisioning.guests()) {
                // the cpu line of /proc/self/cgroup: "N:cpu:/PATH" under v1, "0::/PATH" under v2
                String cgroup = guest.run(Command.of("cat", "/proc/self/cgroup")).requireSuccess().stdout();
                String cpu = cgroup.lines().filter(l -> l.matches("\\d+:(cpu|[^:]*,cpu|cpu,[^:]*|):.*")
                        && (l.contains(":cpu:") || l.contains(",cpu") || l.startsWith("0::"))).findFirst().orElseThrow();
                groups.add(cpu.substring(cpu.lastIndexOf(':') + 1));
            }
            guests(provisioning).get(1).run(Command.shell("sleep 300 >/dev/null 2>&1 </dev/null &")).requireSuccess();
            if (hierarchy.isPresent()) {
                assertEquals("/" + CpuGroups.PREFIX, groups.get(0).substring(0, CpuGroups.PREFIX.length() + 1));
                assertNotEquals(groups.get(0), groups.get(1), "a group each");
                // the guest's exec helper lives in the group too, so that what it spawns starts there
                List<String> inGroup = Files.readAllLines(hierarchy.get().resolve(groups.get(1).substring(1))
                        .resolve("cgroup.procs")).stream().filter(pid -> !ProcessHandle.of(Long.parseLong(pid.trim()))
                        .flatMap(p -> p.info().command()).orElse("").endsWith("/vb-exec")).toList();
                assertEquals(1, inGroup.size(), "the daemon stays in its guest's group: " + inGroup);
                daemon = ProcessHandle.of(Long.parseLong(inGroup.get(0).trim())).orElseThrow();
            } else {
                daemon = null;
            }
        } finally {
            provisioning.close();
        }
        if (daemon != null) {
            daemon.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            for (String group : groups) {
                assertFalse(Files.exists(hierarchy.get().resolve(group.substring(1))), group + " removed");
            }
        }
    }

    private static List<Guest> guests(Provisioning p) {
        return p.guests();
    }

    @Test
    void putsThePeerOnANetworkPathTheGuestsReach() throws Exception {
        Provisioning provisioning = backend.provision(new ProvisionRequest(1, 1L << 30, true, List.of(), logs));
        String namespace;
        try {
            PeerHost peer = provisioning.peer().orElseThrow();
            Guest guest = provisioning.guests().get(0);
            assertTrue(guest.address().startsWith("10.213."), guest.address());
            assertTrue(guest.address().endsWith(".1"), "the host's address on the bridge: " + guest.address());
            assertTrue(peer.address().endsWith(".2"), peer.address());
            namespace = provisioning.facts().get("peerNetwork").split(" ")[0].replace("br", "peer");
            int port = 12865 + (int) (ProcessHandle.current().pid() % 1000);
            peer.run("netserver", "-p", Integer.toString(port), "-L", peer.address()).requireSuccess();
            // a TCP connection from the guest to the peer's server, with bash's /dev/tcp
            assertTrue(waitForConnect(guest, peer.address(), port), "the guest reaches the peer over TCP");
            assertFalse(guest.run("bash", "-c", "exec 3<>/dev/tcp/" + peer.address() + "/" + (port + 1))
                    .ok(), "a closed port is refused: the check can fail");
        } finally {
            provisioning.close();
        }
        assertFalse(Files.exists(Path.of("/run/netns", namespace)), "the peer's namespace is removed");
    }

    private static boolean waitForConnect(Guest guest, String address, int port) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (guest.run("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port).ok()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void sweepsTheRunDirectoryOfAKilledCampaign() throws Exception {
        Path stale = HostBackend.DEFAULT_ROOT.resolve(ProcessHandle.current().pid() + "-stale");
        Files.createDirectories(stale.resolve("host-0"));
        Files.setPosixFilePermissions(stale, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        // pid 1 is alive but started at another time than recorded: a reused pid, so the owner is gone
        Files.writeString(stale.resolve(org.virtbench.runner.system.RunFolder.OWNER), "1 12345");
        Provisioning provisioning = backend.provision(new ProvisionRequest(1, 1L << 30, false, List.of(), logs));
        provisioning.close();
        assertFalse(Files.exists(stale), "swept on the next provisioning");
    }
}
