package org.virtbench.runner.backend.ssh;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.virtbench.plan.DataSize;
import org.virtbench.runner.backend.ssh.InventoryMachine.Role;
import org.virtbench.runner.transport.ssh.PinnedHostKey;

/**
 * The machines the {@code ssh} backend uses: they exist already (Xen domains, VirtualBox VMs,
 * OpenVZ containers, anything with an SSH server); nothing is provisioned. The file is YAML, or
 * JSON when its name ends in {@code .json}:
 *
 * <pre>{@code
 * host: xen1.lab              # optional: the machine the guests share; one lane of a campaign
 * defaults:                   # optional: applied to every machine that does not say otherwise
 *   user: root
 *   keyFile: ~/.ssh/id_ecdsa  # relative paths are relative to the inventory file
 *   knownHosts: ~/.ssh/known_hosts
 * machines:
 *   - name: pv1
 *     address: 192.0.2.11
 *     port: 22
 *     technology: xen-pv      # the label the report shows
 *     version: Xen 4.17       # optional: what Table 3 gives as its version
 *     memory: 512MiB
 *     group: xen              # default: the technology label
 *   - name: pv2
 *     address: 192.0.2.12
 *     technology: xen-pv
 *     hostKey: ssh-ed25519 AAAAC3...   # pins this key instead of looking it up in knownHosts
 *   - name: netserver
 *     address: 192.0.2.2
 *     role: peer              # guest (default), peer or hypervisor
 *   - name: dom0
 *     address: 192.0.2.10
 *     role: hypervisor        # read for the host's name and kernel in Table 3
 * }</pre>
 *
 * Every machine needs a key file and a pinned host key (given, or found in the known_hosts file):
 * there is no trust on first use. Unknown fields are errors, so a misspelt one is not ignored.
 *
 * @param source   the file it was read from
 * @param host     the machine the guests share, when the inventory names it
 * @param machines in file order
 */
public record Inventory(Path source, Optional<String> host, List<InventoryMachine> machines) {
    /**
     * The default base of guests' work folders, in the login's home ({@code ~/} is the home the
     * machine reports): a fixed name in a folder every user can write ({@code /var/tmp}) could be
     * planted by another user of the machine.
     */
    public static final String DEFAULT_WORK_BASE = "~/.cache/virtbench";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Inventory {
        machines = List.copyOf(machines);
    }

    /** The file's form: every field optional here, checked and defaulted by {@link #load}. */
    record FileForm(String host, Entry defaults, List<Entry> machines) {
    }

    /** One machine, or the defaults, as written. */
    record Entry(String name, String address, Integer port, String user, String keyFile, String hostKey,
                 String knownHosts, String technology, String version, String memory, String group, String role, String workDir) {
    }

    /**
     * Reads and checks an inventory.
     *
     * @throws IllegalArgumentException with one line naming the file, the machine and what is wrong
     */
    public static Inventory load(Path file) {
        Path source = file.toAbsolutePath().normalize();
        FileForm form;
        try {
            String text = Files.readString(source);
            form = (source.getFileName().toString().endsWith(".json") ? JSON : YAML).readValue(text, FileForm.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("inventory " + source + " is not valid: " + e.getOriginalMessage()
                    + location(e));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("inventory " + source + " is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the inventory " + source + ": " + e.getMessage(), e);
        }
        if (form == null || form.machines() == null || form.machines().isEmpty()) {
            throw new IllegalArgumentException("inventory " + source + " lists no machines (a 'machines:' list)");
        }
        Entry defaults = form.defaults() == null
                ? new Entry(null, null, null, null, null, null, null, null, null, null, null, null, null) : form.defaults();
        List<InventoryMachine> machines = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < form.machines().size(); i++) {
            if (form.machines().get(i) == null) {
                throw new IllegalArgumentException("inventory " + source + ", machine #" + (i + 1)
                        + " is empty; give it at least name, address, technology, keyFile and hostKey");
            }
            InventoryMachine m = machine(source, i, form.machines().get(i), defaults);
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("inventory " + source + ": two machines are named '" + m.name() + "'");
            }
            machines.add(m);
        }
        Optional<String> host = Optional.ofNullable(form.host()).map(String::trim).filter(h -> !h.isEmpty());
        Inventory inventory = new Inventory(source, host, machines);
        inventory.groups().forEach((group, members) -> {
            Set<String> labels = new HashSet<>(members.stream().map(InventoryMachine::technology).toList());
            if (labels.size() > 1) {
                throw new IllegalArgumentException("inventory " + source + ": group '" + group
                        + "' mixes the technologies " + labels + "; a group is one technology, give each its own group");
            }
            if (new HashSet<>(members.stream().map(InventoryMachine::version).toList()).size() > 1) {
                throw new IllegalArgumentException("inventory " + source + ": group '" + group
                        + "' gives several versions; a group is one technology in one version");
            }
        });
        if (inventory.groups().isEmpty()) {
            throw new IllegalArgumentException("inventory " + source + " lists no guest (a machine whose role is guest)");
        }
        return inventory;
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static InventoryMachine machine(Path source, int index, Entry e, Entry d) {
        String where = "inventory " + source + ", machine " + (e.name() == null ? "#" + (index + 1) : "'" + e.name() + "'");
        String name = required(where, "name", e.name());
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException(where + ": name must be letters, digits, '.', '_' or '-'");
        }
        String address = required(where, "address", e.address());
        int port = Optional.ofNullable(e.port()).or(() -> Optional.ofNullable(d.port())).orElse(22);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + ": port " + port + " is not a TCP port");
        }
        String user = first(e.user(), d.user()).orElse("root");
        Path keyFile = first(e.keyFile(), d.keyFile()).map(k -> resolve(source, k)).orElseThrow(() ->
                new IllegalArgumentException(where + ": no keyFile (the client's private key), and no default"));
        if (!Files.isReadable(keyFile)) {
            throw new IllegalArgumentException(where + ": the key file " + keyFile + " cannot be read");
        }
        Role role = role(where, first(e.role(), Optional.empty()).orElse("guest"));
        PinnedHostKey hostKey = hostKey(source, where, e, d, address, port);
        String technology = first(e.technology(), d.technology()).orElse("");
        String group = first(e.group(), d.group()).orElse(technology);
        String version = first(e.version(), d.version()).orElse("");
        if (role == Role.GUEST && technology.isEmpty()) {
            throw new IllegalArgumentException(where + ": a guest needs a technology label (xen-pv, virtualbox, openvz...),"
                    + " the name the report shows");
        }
        OptionalLong memory = OptionalLong.empty();
        Optional<String> memoryText = first(e.memory(), d.memory());
        if (memoryText.isPresent()) {
            try {
                memory = OptionalLong.of(DataSize.parse(memoryText.get()).bytes());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": memory '" + memoryText.get() + "' is not a size such as 512MiB");
            }
        }
        String workBase = first(e.workDir(), d.workDir()).orElse(DEFAULT_WORK_BASE);
        if (!workBase.startsWith("/") && !workBase.startsWith("~/")) {
            throw new IllegalArgumentException(where + ": workDir must be an absolute path in the machine, or start with ~/");
        }
        return new InventoryMachine(name, address, port, user, keyFile, hostKey, role,
                role == Role.GUEST ? technology : "", role == Role.GUEST ? version : "", role == Role.GUEST ? group : "",
                memory, workBase);
    }

    private static PinnedHostKey hostKey(Path source, String where, Entry e, Entry d, String address, int port) {
        if (e.hostKey() != null) {
            try {
                return PinnedHostKey.parse(e.hostKey(), source + " (" + e.name() + ")");
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": hostKey: " + ex.getMessage());
            }
        }
        Path knownHosts = first(e.knownHosts(), d.knownHosts()).map(k -> resolve(source, k)).orElseThrow(() ->
                new IllegalArgumentException(where + ": no hostKey and no knownHosts file; every machine's host key is"
                        + " pinned (ssh-keyscan it once over a trusted path and add it)"));
        return KnownHosts.lookup(knownHosts, address, port).orElseThrow(() -> new IllegalArgumentException(where
                + ": " + knownHosts + " has no usable key for " + (port == 22 ? address : "[" + address + "]:" + port)));
    }

    private static Role role(String where, String text) {
        try {
            return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ": role '" + text + "' is none of guest, peer, hypervisor");
        }
    }

    private static String required(String where, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' is missing");
        }
        return value.trim();
    }

    private static Optional<String> first(String own, String fallback) {
        return first(own, Optional.ofNullable(fallback));
    }

    private static Optional<String> first(String own, Optional<String> fallback) {
        return Optional.ofNullable(own).filter(s -> !s.isBlank()).map(String::trim).or(() -> fallback.filter(s -> !s.isBlank()));
    }

    private static Path resolve(Path inventory, String path) {
        String p = path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
        return inventory.getParent().resolve(p).normalize();
    }

    /** The guests by group, each group's machines in file order, groups in order of first appearance. */
    public Map<String, List<InventoryMachine>> groups() {
        Map<String, List<InventoryMachine>> groups = new LinkedHashMap<>();
        machines.stream().filter(m -> m.role() == Role.GUEST)
                .forEach(m -> groups.computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m));
        return groups;
    }

    /** The machines of a role, in file order. */
    public List<InventoryMachine> withRole(Role role) {
        return machines.stream().filter(m -> m.role() == role).toList();
    }

    /**
     * The group a backend uses: {@code wanted} when given, else the only group there is.
     *
     * @throws IllegalArgumentException naming the groups when the choice is missing or unknown
     */
    public String group(Optional<String> wanted) {
        Set<String> groups = groups().keySet();
        if (wanted.isPresent()) {
            if (!groups.contains(wanted.get())) {
                throw new IllegalArgumentException("inventory " + source + " has no group '" + wanted.get() + "'; groups: "
                        + String.join(", ", groups));
            }
            return wanted.get();
        }
        if (groups.size() > 1) {
            throw new IllegalArgumentException("inventory " + source + " has several groups (" + String.join(", ", groups)
                    + "); name one: ssh:" + source + "#GROUP");
        }
        return groups.iterator().next();
    }
}
