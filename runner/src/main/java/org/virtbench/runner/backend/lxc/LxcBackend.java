package org.virtbench.runner.backend.lxc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.virtbench.backend.Backend;
import org.virtbench.backend.BackendException;
import org.virtbench.backend.Probe;
import org.virtbench.backend.ProvisionRequest;
import org.virtbench.backend.Provisioning;
import org.virtbench.runner.image.GuestImage;
import org.virtbench.runner.image.ImageCache;
import org.virtbench.runner.image.ImageRecipe;
import org.virtbench.runner.transport.HostCommands;

/**
 * OS-level virtualization with LXC 5: the mainline heirs of the paper's Linux-VServer and OpenVZ
 * (namespaces for isolation, cgroups for resource limits). Each guest is a privileged container
 * over a copy-on-write layer of a cached guest image, with its own network stack on the run's
 * bridge and a memory cgroup limit; see {@link LxcConfig} and {@link LxcContainer}.
 */
public final class LxcBackend implements Backend {
    static final List<String> LXC_TOOLS = List.of("lxc-execute", "lxc-attach", "lxc-stop", "lxc-cgroup");

    private final String argument;
    private final ImageCache cache;

    /**
     * @param argument an image hash (or its unique prefix) to run every guest from; empty to pick
     *                 the cached image that holds the packages each cell asks for
     * @param cache    where images are looked up
     */
    public LxcBackend(String argument, ImageCache cache) {
        this.argument = argument;
        this.cache = cache;
    }

    @Override
    public String id() {
        return argument.isEmpty() ? "lxc" : "lxc:" + argument;
    }

    @Override
    public String technology() {
        return "LXC (OS-level)";
    }

    @Override
    public Probe probe() {
        if (!isRoot()) {
            return Probe.unavailable("the lxc backend needs root (privileged containers, overlay mounts, veths "
                    + "and cgroups); run virtbench as root");
        }
        List<String> missing = LXC_TOOLS.stream().filter(t -> !HostCommands.has(t)).toList();
        if (!missing.isEmpty()) {
            return Probe.unavailable("LXC is not installed (" + String.join(", ", missing)
                    + " missing); install it with: apt-get install lxc");
        }
        if (!HostCommands.has("ip")) {
            return Probe.unavailable("the 'ip' command is missing; install it with: apt-get install iproute2");
        }
        if (!kernelHasOverlayfs()) {
            return Probe.unavailable("the kernel offers no overlayfs (not in /proc/filesystems); "
                    + "load it with: modprobe overlay");
        }
        if (cache.list().isEmpty()) {
            return Probe.unavailable("no guest image yet in " + cache.root() + "; build one with: ./virtbench image build");
        }
        if (!argument.isEmpty()) {
            try {
                namedImage();
            } catch (BackendException e) {
                return Probe.unavailable(e.getMessage());
            }
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("lxc.version", lxcVersion());
        facts.put("cgroup.memory", CgroupLayout.detect().kind().name().toLowerCase(java.util.Locale.ROOT));
        facts.put("images", Integer.toString(cache.list().size()));
        return Probe.available(facts);
    }

    @Override
    public List<String> sweepLeftovers() {
        List<String> removed = new java.util.ArrayList<>();
        for (java.nio.file.Path run : LxcRuns.deadRuns()) {
            removed.add("lxc run " + run + ": containers " + LxcRuns.containers(run)
                    + " with their veths, overlay mounts and cgroups");
        }
        if (!removed.isEmpty()) {
            LxcRuns.sweepStale(CgroupLayout.detect()).forEach(p -> removed.add("NOT removed: " + p));
        }
        removed.addAll(org.virtbench.runner.peer.PeerNetwork.sweepStale());
        return removed;
    }

    @Override
    public Provisioning provision(ProvisionRequest request) {
        probe().whyNot().ifPresent(why -> {
            throw new BackendException(why);
        });
        CgroupLayout layout = CgroupLayout.detect();
        List<String> stale = LxcRuns.sweepStale(layout);
        if (!stale.isEmpty()) {
            throw new BackendException("cannot remove what an earlier run left: " + String.join("; ", stale));
        }
        GuestImage image = imageFor(request.packages());
        return LxcProvisioning.open(request, image, layout, lxcVersion());
    }

    /**
     * The image whose guests have {@code packages}: the one named by the argument, else the
     * cached image of exactly that recipe, else the smallest cached one that holds them all.
     */
    GuestImage imageFor(List<String> packages) {
        if (!argument.isEmpty()) {
            GuestImage image = namedImage();
            List<String> lacking = packages.stream()
                    .filter(p -> !image.manifest().recipe().packages().contains(p)).toList();
            if (!lacking.isEmpty()) {
                throw new BackendException("image " + image.hash() + " lacks " + String.join(", ", lacking)
                        + "; build one that has them: ./virtbench image build --packages " + String.join(",", packages));
            }
            return image;
        }
        ImageRecipe wanted = ImageRecipe.forHost(packages, Optional.empty());
        return cache.findFor(wanted).orElseThrow(() -> new BackendException(
                "no cached guest image of this host's release and sources holds "
                        + String.join(" ", wanted.packages()) + "; build one with: ./virtbench image build"
                        + (packages.isEmpty() ? "" : " (the default holds every Table-2 package) or "
                        + "./virtbench image build --packages " + String.join(",", packages))));
    }

    private GuestImage namedImage() {
        List<GuestImage> matches = new ArrayList<>();
        for (GuestImage i : cache.list()) {
            if (i.hash().startsWith(argument)) {
                matches.add(i);
            }
        }
        if (matches.size() != 1) {
            throw new BackendException((matches.isEmpty() ? "no cached image " : "more than one cached image ")
                    + "matches '" + argument + "'; see ./virtbench image list");
        }
        return matches.get(0);
    }

    static String lxcVersion() {
        var v = HostCommands.run("lxc-start", "--version");
        return v.ok() ? v.stdout().trim() : "unknown";
    }

    private static boolean kernelHasOverlayfs() {
        try {
            return Files.readString(Path.of("/proc/filesystems")).lines().anyMatch(l -> l.endsWith("\toverlay"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
