package org.virtbench.runner.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an image is and what is in it, kept as {@code manifest.json} beside its root filesystem:
 * the recipe, when and how fast it was built, the version of every requested package as dpkg
 * inside the guest reports it (the guest column of the paper's Table 2), and the public halves of
 * the SSH host keys generated for this image, so that SSH transports can pin them.
 *
 * @param hash               the recipe's hash, the image's name in the cache
 * @param recipe             what was built
 * @param builtAt            when the build finished, ISO-8601 UTC
 * @param buildSeconds       how long the build took on the host's clock
 * @param debootstrapVersion the host's debootstrap that made the base system
 * @param packageVersions    package name to installed version, for each requested package
 * @param sshHostKeys        key file name ({@code ssh_host_ed25519_key.pub}) to its content
 * @param rootfsBytes        apparent size of the root filesystem
 */
public record ImageManifest(String hash, ImageRecipe recipe, String builtAt, double buildSeconds,
                            String debootstrapVersion, Map<String, String> packageVersions,
                            Map<String, String> sshHostKeys, long rootfsBytes) {

    /** The manifest's file name in an image directory. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    public ImageManifest {
        packageVersions = Map.copyOf(new TreeMap<>(packageVersions));
        sshHostKeys = Map.copyOf(sshHostKeys);
    }

    /** Writes this manifest as JSON. */
    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new ImageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws ImageException when the file is missing or not a manifest
     */
    public static ImageManifest read(Path file) {
        try {
            return JSON.readValue(file.toFile(), ImageManifest.class);
        } catch (IOException e) {
            throw new ImageException("cannot read image manifest " + file + ": " + e.getMessage(), e);
        }
    }
}
