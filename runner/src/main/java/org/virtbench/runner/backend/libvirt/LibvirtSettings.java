package org.virtbench.runner.backend.libvirt;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.virtbench.runner.backend.qemu.QemuSettings;

/**
 * The {@code libvirt} backend's argument: a libvirt connection URI, then optionally {@code #} and
 * options as {@code key=value} joined by {@code &} (a URI fragment, which libvirt itself never
 * uses; commas would split the CLI's {@code --backend} list):
 * {@code libvirt:qemu+ssh://root@kvm1/system#cpus=2&bridge=br0&addresses=192.0.2.100-192.0.2.131&prefix=24&gateway=192.0.2.1}.
 *
 * <ul>
 *   <li>{@code domain-type=auto|qemu|kvm}: auto (default) takes kvm when the host offers it and, on
 *       this machine, a test boot under KVM works; otherwise qemu (software emulation)</li>
 *   <li>{@code cpus=N}, {@code disk=SIZE}, {@code boot-timeout=SECONDS}, {@code rootfs=DIR},
 *       {@code cache=DIR}: as for the {@code qemu} backend, whose guest image, kernel and initrd
 *       are used</li>
 *   <li>{@code pool=DIR}: the folder on the libvirt host that holds the uploaded media and the
 *       runs' overlays (default {@value #DEFAULT_POOL}, where libvirt's confinement allows QEMU to read)</li>
 *   <li>{@code bridge=NAME}, {@code addresses=FIRST-LAST}, {@code prefix=N}, {@code gateway=ADDR}:
 *       for a remote host, the bridge its guests join and the addresses they take, which this
 *       machine must reach; a local URI uses a private bridge of its own (and can give a peer)</li>
 *   <li>{@code template=FILE}: a domain XML template of one's own instead of the built-in one</li>
 * </ul>
 *
 * @param uri        the libvirt connection URI
 * @param domainType {@code qemu} or {@code kvm} when forced; empty for automatic
 * @param qemu       the settings the qemu backend's media are prepared with
 * @param pool       the media and overlay folder on the libvirt host
 * @param network    the remote bridge and addresses; empty for a local URI's private bridge
 * @param template   a template file of one's own
 */
public record LibvirtSettings(String uri, Optional<String> domainType, QemuSettings qemu, String pool,
                              Optional<RemoteNetwork> network, Optional<Path> template) {
    /** The default pool folder. */
    public static final String DEFAULT_POOL = "/var/lib/libvirt/images/virtbench";

    /**
     * Where the guests of a remote host are attached and addressed.
     *
     * @param bridge    a bridge on the libvirt host
     * @param addresses the guests' addresses, in guest order
     * @param prefix    their prefix length
     * @param gateway   their default route
     */
    public record RemoteNetwork(String bridge, List<String> addresses, int prefix, String gateway) {
        public RemoteNetwork {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Parses the argument.
     *
     * @throws IllegalArgumentException with one line naming the bad part
     */
    public static LibvirtSettings parse(String argument) {
        int hash = argument.indexOf('#');
        String uri = (hash < 0 ? argument : argument.substring(0, hash)).trim();
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("libvirt needs a connection URI: libvirt:qemu:///system");
        }
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("libvirt: '" + uri + "' is not a URI: " + e.getMessage());
        }
        List<String> qemuOptions = new ArrayList<>();
        Optional<String> domainType = Optional.empty();
        String pool = DEFAULT_POOL;
        String bridge = null;
        String addresses = null;
        int prefix = 24;
        String gateway = null;
        Optional<Path> template = Optional.empty();
        for (String part : hash < 0 ? new String[0] : argument.substring(hash + 1).split("&")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("libvirt: expected key=value after '#', got '" + part + "'");
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case "domain-type" -> domainType = switch (value.toLowerCase(Locale.ROOT)) {
                    case "auto" -> Optional.empty();
                    case "qemu", "kvm" -> Optional.of(value.toLowerCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("libvirt: domain-type must be auto, qemu or kvm, got '" + value + "'");
                };
                case "cpus", "disk", "boot-timeout", "rootfs", "cache" -> qemuOptions.add(key + "=" + value);
                case "pool" -> pool = absolute(key, value);
                case "bridge" -> bridge = bridgeName(value);
                case "addresses" -> addresses = value;
                case "prefix" -> prefix = prefix(value);
                case "gateway" -> gateway = ipv4("gateway", value);
                case "template" -> template = Optional.of(Path.of(value).toAbsolutePath());
                default -> throw new IllegalArgumentException("libvirt: unknown option '" + key + "'; known: domain-type, cpus,"
                        + " disk, boot-timeout, rootfs, cache, pool, bridge, addresses, prefix, gateway, template");
            }
        }
        QemuSettings qemu;
        try {
            qemu = QemuSettings.parse(String.join(",", qemuOptions));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^qemu:", "libvirt:"), e);
        }
        Optional<RemoteNetwork> network = Optional.empty();
        if (bridge != null || addresses != null || gateway != null) {
            if (bridge == null || addresses == null || gateway == null) {
                throw new IllegalArgumentException("libvirt: bridge=, addresses= and gateway= go together");
            }
            network = Optional.of(new RemoteNetwork(bridge, range(addresses), prefix, gateway));
        }
        return new LibvirtSettings(uri, domainType, qemu, pool, network, template);
    }

    /** Whether the URI names this machine: no host part, or localhost. */
    public boolean local() {
        return remoteHost().isEmpty();
    }

    /** The host part of the URI, when it names another machine. */
    public Optional<String> remoteHost() {
        String host = URI.create(uri).getHost();
        if (host == null || host.isEmpty() || host.equals("localhost") || host.equals("127.0.0.1")) {
            return Optional.empty();
        }
        return Optional.of(host);
    }

    /** Boot limit for n guests. */
    public Duration bootTimeout(boolean tcg, int guests) {
        return qemu.bootTimeout().orElseGet(() -> tcg ? Duration.ofSeconds(60 + 20L * guests) : Duration.ofSeconds(30 + 5L * guests));
    }

    private static String absolute(String key, String value) {
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException("libvirt: " + key + " must be an absolute path on the libvirt host");
        }
        return value;
    }

    /** A Linux interface name: what {@code ip link} accepts, and nothing a domain's XML or a command could misread. */
    private static final java.util.regex.Pattern BRIDGE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static String bridgeName(String value) {
        if (!BRIDGE.matcher(value).matches()) {
            throw new IllegalArgumentException("libvirt: bridge='" + value + "' is not an interface name (1-15 letters,"
                    + " digits, '_', '.' or '-', such as br0)");
        }
        return value;
    }

    private static int prefix(String value) {
        if (!value.matches("\\d{1,2}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 32) {
            throw new IllegalArgumentException("libvirt: prefix=" + value + " is not an IPv4 prefix length (1-32, such as 24)");
        }
        return Integer.parseInt(value);
    }

    private static String ipv4(String key, String value) {
        if (!IPV4.matcher(value).matches()) {
            throw new IllegalArgumentException("libvirt: " + key + "=" + value + " is not an IPv4 address such as 192.0.2.1");
        }
        return value;
    }

    /** {@code a.b.c.X-a.b.c.Y} (within one /24) or {@code A+B+C} as a list of IPv4 addresses. */
    static List<String> range(String text) {
        if (text.contains("+")) {
            List<String> listed = List.of(text.split("\\+", -1));
            listed.forEach(a -> ipv4("addresses", a));
            return listed;
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            return List.of(ipv4("addresses", text));
        }
        String first = ipv4("addresses", text.substring(0, dash));
        String last = ipv4("addresses", text.substring(dash + 1));
        int dot = first.lastIndexOf('.');
        if (!last.substring(0, last.lastIndexOf('.') + 1).equals(first.substring(0, dot + 1))) {
            throw new IllegalArgumentException("libvirt: addresses=" + text + " must be a range within one /24, such as"
                    + " 192.0.2.100-192.0.2.131");
        }
        int from = Integer.parseInt(first.substring(dot + 1));
        int to = Integer.parseInt(last.substring(dot + 1));
        if (from > to) {
            throw new IllegalArgumentException("libvirt: addresses=" + text + " runs backwards; give the lower address first");
        }
        List<String> all = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            all.add(first.substring(0, dot + 1) + i);
        }
        return all;
    }
}
