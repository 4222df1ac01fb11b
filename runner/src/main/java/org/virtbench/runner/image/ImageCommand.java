package org.virtbench.runner.image;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code virtbench image build} and {@code virtbench image list}: the guest images that guest-based
 * backends run. A subcommand of the CLI; {@link #main} runs it on its own.
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Builds and lists guest images: a minimal Debian of the host's release with the benchmark tools.",
        subcommands = {ImageCommand.Build.class, ImageCommand.ListImages.class})
public final class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs {@code image ...} without the rest of the CLI. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ImageCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** Options every subcommand shares. */
    static class CacheOption {
        @Option(names = "--cache", paramLabel = "DIR",
                description = "Image cache folder (default: $XDG_CACHE_HOME/virtbench/images or ~/.cache/virtbench/images).")
        Path cache;

        ImageCache open() {
            return cache == null ? ImageCache.user() : new ImageCache(cache);
        }
    }

    /** {@code image build}: builds the image of a recipe unless it is cached. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Builds a guest image (needs root) or finds it in the cache.")
    public static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        CacheOption cacheOption = new CacheOption();

        @Option(names = "--packages", split = ",", paramLabel = "PKG",
                description = "Debian packages to install (default: what the Table-2 suite requires); "
                        + "openssh-server is always added.")
        List<String> packages;

        @Option(names = "--release", paramLabel = "CODENAME",
                description = "Debian release to install (default: the host's own, from /etc/os-release).")
        String release;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                ImageRecipe recipe = ImageRecipe.forHost(packages == null ? ImageRecipe.TABLE2_PACKAGES : packages,
                        Optional.ofNullable(release));
                out.printf("image %s: Debian %s/%s from %s%n  packages: %s%n", recipe.hash(), recipe.release(),
                        recipe.architecture(), recipe.mirror().uri(), String.join(" ", recipe.packages()));
                out.flush();
                long start = System.nanoTime();
                ImageBuilder builder = new ImageBuilder(cacheOption.open(), step -> {
                    out.printf("  [%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, step);
                    out.flush();
                });
                ImageBuilder.Result result = builder.build(recipe);
                out.printf("%s in %.1f s: %s%n", result.cached() ? "cache hit" : "built",
                        result.elapsed().toNanos() / 1e9, result.image().rootfs());
                return CommandLine.ExitCode.OK;
            } catch (ImageException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("image build: " + e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
        }
    }

    /** {@code image list}: every cached image with the tool versions inside it. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the cached guest images and the package versions in each.")
    public static final class ListImages implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @CommandLine.Mixin
        CacheOption cacheOption = new CacheOption();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ImageCache cache = cacheOption.open();
            List<GuestImage> images = cache.list();
            if (images.isEmpty()) {
                out.println("no images in " + cache.root() + "; build one with: ./virtbench image build");
                return CommandLine.ExitCode.OK;
            }
            for (GuestImage image : images) {
                ImageManifest m = image.manifest();
                out.printf(Locale.ROOT, "%s  Debian %s/%s  built %s in %.0f s  %.0f MB  %s%n", m.hash(),
                        m.recipe().release(), m.recipe().architecture(), m.builtAt(), m.buildSeconds(),
                        m.rootfsBytes() / 1e6, image.directory());
                for (Map.Entry<String, String> p : new TreeMap<>(m.packageVersions()).entrySet()) {
                    out.printf("    %-24s %s%n", p.getKey(), p.getValue());
                }
            }
            return CommandLine.ExitCode.OK;
        }
    }
}
