package org.virtbench.runner.image;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything that decides what a guest image contains, and nothing else: two builds of equal
 * recipes give interchangeable images, so the recipe's {@link #hash()} names the image in the cache.
 *
 * <p>The sources are part of the recipe, mirror URI included: a snapshot mirror pinned to a date
 * and the live archive serve different versions of the same suite, and guests must run the tool
 * versions the host runs.
 *
 * @param version      {@link #IMAGE_VERSION}: how virtbench lays out an image; raised when that changes
 * @param release      the Debian codename debootstrap installs ({@code bookworm})
 * @param architecture dpkg's architecture ({@code amd64})
 * @param sources      the repositories of the guest's apt, the first being debootstrap's mirror
 * @param packages     the packages installed over the minimal base, sorted, without duplicates,
 *                     {@link #ALWAYS} included
 */
public record ImageRecipe(int version, String release, String architecture, List<AptSource> sources,
                          List<String> packages) {

    /** Raised whenever a change to the build makes older images unfit. */
    public static final int IMAGE_VERSION = 1;

    /** What every image has, whatever the workloads ask: guest-based backends reach guests over SSH. */
    public static final List<String> ALWAYS = List.of("openssh-server");

    /** Archive areas of the guest's sources; netperf lives only in non-free. */
    public static final List<String> COMPONENTS = List.of("main", "non-free");

    /** What the built-in Table-2 suite's workloads require, the default of {@code image build}. */
    public static final List<String> TABLE2_PACKAGES = List.of("bzip2", "dbench", "netperf", "rsync", "sysbench",
            "mariadb-server", "mariadb-client", "linux-source", "iproute2", "procps", "coreutils", "make", "gcc",
            "bc", "flex", "bison", "libelf-dev", "libssl-dev", "xz-utils");

    /** Used when the host's apt configuration names no mirror for its release. */
    static final String FALLBACK_MIRROR = "http://deb.debian.org/debian";
    static final String FALLBACK_SECURITY = "http://deb.debian.org/debian-security";

    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    public ImageRecipe {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a recipe needs at least the mirror's source");
        }
        sources = List.copyOf(sources);
        TreeSet<String> sorted = new TreeSet<>(packages);
        sorted.addAll(ALWAYS);
        for (String p : sorted) {
            if (!PACKAGE_NAME.matcher(p).matches()) {
                throw new IllegalArgumentException("'" + p + "' is not a Debian package name");
            }
        }
        packages = List.copyOf(sorted);
    }

    /**
     * The recipe for an image of the host's own release (or {@code release}, when given) with
     * {@code packages}, from the host's configured Debian mirrors.
     */
    public static ImageRecipe forHost(Collection<String> packages, Optional<String> release) {
        HostDistribution host = HostDistribution.detect();
        return of(host, AptSources.read(Path.of("/etc/apt")), packages, release);
    }

    /**
     * The recipe from what the host's apt uses: every binary source whose suite is the release or
     * one of its {@code -updates} or {@code -security} suites (backports and third-party
     * repositories are left out), each with {@link #COMPONENTS}. With no such source,
     * deb.debian.org and its security archive.
     */
    static ImageRecipe of(HostDistribution host, List<AptSource> hostSources, Collection<String> packages,
                          Optional<String> release) {
        String target = release.filter(r -> !r.isBlank()).orElse(host.codename());
        List<AptSource> chosen = new ArrayList<>();
        for (AptSource s : hostSources) {
            Optional<String> suffix = suiteSuffix(s.suite(), host.codename());
            if (suffix.isEmpty()) {
                continue;
            }
            AptSource source = new AptSource(s.uri(), target + suffix.get(), COMPONENTS);
            if (!chosen.contains(source)) {
                chosen.add(source);
            }
        }
        // debootstrap takes the mirror of the release itself, so that one goes first
        chosen.sort((a, b) -> Boolean.compare(!a.suite().equals(target), !b.suite().equals(target)));
        if (chosen.isEmpty() || !chosen.get(0).suite().equals(target)) {
            chosen.add(0, new AptSource(FALLBACK_MIRROR, target, COMPONENTS));
            if (chosen.size() == 1) {
                chosen.add(new AptSource(FALLBACK_MIRROR, target + "-updates", COMPONENTS));
                chosen.add(new AptSource(FALLBACK_SECURITY, target + "-security", COMPONENTS));
            }
        }
        return new ImageRecipe(IMAGE_VERSION, target, host.architecture(), chosen, List.copyOf(packages));
    }

    private static Optional<String> suiteSuffix(String suite, String codename) {
        for (String suffix : List.of("", "-updates", "-security")) {
            if (suite.equals(codename + suffix)) {
                return Optional.of(suffix);
            }
        }
        return Optional.empty();
    }

    /** The source debootstrap installs the base system from. */
    public AptSource mirror() {
        return sources.get(0);
    }

    /** The guest's {@code /etc/apt/sources.list}. */
    public String sourcesList() {
        StringBuilder text = new StringBuilder("# written by virtbench: the host's Debian sources\n");
        sources.forEach(s -> text.append(s.sourcesListLine()).append('\n'));
        return text.toString();
    }

    /** The packages given by the caller, {@link #ALWAYS} removed: what the workloads asked for. */
    public List<String> requestedPackages() {
        return packages.stream().filter(p -> !ALWAYS.contains(p)).toList();
    }

    /** True when this image holds every one of {@code wanted}. */
    public boolean covers(Collection<String> wanted) {
        return packages.containsAll(wanted);
    }

    /**
     * The first 16 hex digits of the SHA-256 of {@link #canonicalText()}: the image's name in the
     * cache. 64 bits leave no realistic chance of two recipes on one machine colliding.
     */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalText().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The recipe as stable text, one fact a line, written by hand rather than by a JSON library so
     * that the hash never changes with a library's choice of field order or spacing.
     */
    public String canonicalText() {
        StringBuilder text = new StringBuilder();
        text.append("virtbench-image ").append(version).append('\n');
        text.append("release ").append(release).append('\n');
        text.append("architecture ").append(architecture).append('\n');
        sources.forEach(s -> text.append("source ").append(s.sourcesListLine()).append('\n'));
        packages.forEach(p -> text.append("package ").append(p).append('\n'));
        return text.toString();
    }
}
