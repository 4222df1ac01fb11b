package org.virtbench.runner.backend.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.virtbench.backend.BackendProvider;
import org.virtbench.plan.PlanIndex;
import org.virtbench.runner.cli.CliEnvironment;
import org.virtbench.runner.cli.Main;
import org.virtbench.runner.engine.WorkloadCatalog;
import org.virtbench.runner.system.RunIdentity;

/**
 * What a dead run left on a real libvirtd (started by the test unless one runs): a domain and a
 * volume named with its tag, and its record on this machine. {@code virtbench clean} leaves them
 * while the record's owner lives and removes them, and the record, once it is dead. Also: the
 * media pool's volumes are made 0600, and a pool of an earlier version (0755, 0644) is narrowed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LibvirtCleanTest {
    private static final String URI = "qemu:///system";
    private static LibvirtDaemons daemons;

    @TempDir
    Path dir;

    @BeforeAll
    static void daemons() throws Exception {
        daemons = LibvirtDaemons.start();
    }

    @AfterAll
    static void stopDaemons() {
        if (daemons != null) {
            daemons.close();
        }
    }

    @Test
    void cleanRemovesTheDomainsAndVolumesOfADeadRunThatItsRecordNames() throws Exception {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String tag = "vb-" + RunNames.ownerDigest() + "-1-0-" + HexFormat.of().formatHex(random);
        LibvirtBackend.quiet();
        Connect conn = new Connect(URI, false);
        Path record;
        try {
            record = LibvirtRuns.record(new LibvirtRuns.Run(URI, tag));
            MediaPool pool = MediaPool.open(conn, LibvirtSettings.DEFAULT_POOL);
            Path console = Path.of(pool.emptyFile(tag + "-g0.console"));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(console)),
                    "a volume is readable by its owner only");
            // a guest that sits in its firmware: no disk, no kernel
            conn.domainCreateXML("<domain type='qemu'><name>" + tag + "-g0</name><memory unit='MiB'>32</memory>"
                    + "<os><type arch='x86_64'>hvm</type></os></domain>", 0);
            assertEquals(List.of(tag + "-g0"), domains(conn, tag));

            String[] live = clean();
            assertEquals("0", live[0], live[2]);
            assertFalse(live[1].contains(tag), "a live run's domain is left alone: " + live[1]);
            assertEquals(List.of(tag + "-g0"), domains(conn, tag));

            // the run dies: its owner becomes a process that no longer runs (pid 1 did not start in 2000)
            Path owner = record.resolve("owner");
            Files.delete(owner);
            Files.write(owner, new ObjectMapper().writeValueAsBytes(new RunIdentity("0123456789abcdef", 1,
                    "2000-01-01T00:00:00Z", RunIdentity.currentBootId())));
            String[] dead = clean();
            assertEquals("0", dead[0], dead[1] + dead[2]);
            assertTrue(dead[1].contains("libvirt: libvirt domain " + tag + "-g0 on " + URI)
                    && dead[1].contains("libvirt: libvirt volume " + tag + "-g0.console on " + URI), dead[1]);
            assertEquals(List.of(), domains(conn, tag), "the domain is destroyed");
            assertEquals(List.of(), pool.volumes(tag), "the volume is deleted");
            assertFalse(Files.exists(console));
            assertFalse(Files.exists(record, LinkOption.NOFOLLOW_LINKS), "the record went with what it named");
        } finally {
            for (Domain d : conn.listAllDomains(0)) {
                if (d.getName().startsWith(tag)) {
                    d.destroy();
                }
            }
            conn.close();
        }
    }

    @Test
    void aPoolOfAnEarlierVersionIsNarrowedToTheOwner() throws Exception {
        LibvirtBackend.quiet();
        Connect conn = new Connect(URI, false);
        try {
            MediaPool pool = MediaPool.open(conn, LibvirtSettings.DEFAULT_POOL);
            String name = "vb-modes-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)) + ".console";
            Path file = Path.of(pool.emptyFile(name));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
                Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
                pool.narrowLocalModes();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())),
                        "the folder is passed through, not listed");
            } finally {
                conn.storagePoolLookupByName(MediaPool.NAME).storageVolLookupByName(name).delete(0);
            }
        } finally {
            conn.close();
        }
    }

    private static List<String> domains(Connect conn, String tag) throws Exception {
        List<String> names = new ArrayList<>();
        for (Domain d : conn.listAllDomains(0)) {
            if (d.getName().startsWith(tag)) {
                names.add(d.getName());
            }
        }
        return names;
    }

    /** {@code virtbench clean --backend libvirt}: exit code, stdout, stderr. */
    private String[] clean() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ClassLoader loader = getClass().getClassLoader();
        CliEnvironment env = new CliEnvironment(() -> WorkloadCatalog.of(PlanIndex.load(loader)),
                ServiceLoader.load(BackendProvider.class, loader).stream().map(ServiceLoader.Provider::get).toList(), dir,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int code = Main.execute(env, "clean", "--backend", "libvirt");
        return new String[] {Integer.toString(code), stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8)};
    }
}
