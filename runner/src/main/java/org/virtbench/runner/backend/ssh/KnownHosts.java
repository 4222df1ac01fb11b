package org.virtbench.runner.backend.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.virtbench.runner.transport.ssh.PinnedHostKey;

/**
 * Looks a machine's host key up in an OpenSSH {@code known_hosts} file, so an inventory can pin
 * keys the way its owner's {@code ssh} already does. Understood: plain and hashed
 * ({@code |1|salt|hash}) host fields, comma-separated patterns with {@code *} and {@code ?},
 * negated patterns ({@code !pattern}), and {@code [host]:port} for ports other than 22. Lines
 * marked {@code @cert-authority} are skipped (a CA key is no host key to pin); a key marked
 * {@code @revoked} is never returned. When several keys match, the strongest type is pinned:
 * Ed25519, then ECDSA, then RSA, which is also the order OpenSSH's own client prefers.
 */
final class KnownHosts {
    private static final List<String> PREFERENCE = List.of("ssh-ed25519", "ecdsa-sha2-nistp521", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp256", "rsa-sha2-512", "ssh-rsa");

    private KnownHosts() {
    }

    /**
     * The key to pin for {@code host} on {@code port}.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    static Optional<PinnedHostKey> lookup(Path file, String host, int port) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the known_hosts file " + file + " is not UTF-8 text; give the file "
                    + "OpenSSH wrote (ssh-keyscan HOST >> FILE)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the known_hosts file " + file + ": " + e.getMessage(), e);
        }
        String lower = host.toLowerCase(java.util.Locale.ROOT); // OpenSSH matches and hashes names in lower case
        String name = port == 22 ? lower : "[" + lower + "]:" + port;
        List<byte[]> revoked = new java.util.ArrayList<>();
        List<PinnedHostKey> found = new java.util.ArrayList<>();
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            String marker = words[0].startsWith("@") ? words[0] : null;
            int first = marker == null ? 0 : 1;
            if (words.length < first + 3 || "@cert-authority".equals(marker) || !matches(words[first], name)) {
                continue;
            }
            PinnedHostKey key;
            try {
                key = PinnedHostKey.parse(words[first + 1] + " " + words[first + 2], file + ":" + number);
            } catch (IllegalArgumentException e) {
                continue; // a key type JSch cannot pin, or a damaged line: OpenSSH skips it too
            }
            if ("@revoked".equals(marker)) {
                revoked.add(key.blob());
            } else {
                found.add(key);
            }
        }
        return found.stream()
                .filter(k -> revoked.stream().noneMatch(r -> MessageDigest.isEqual(r, k.blob())))
                .min(java.util.Comparator.comparingInt(k -> rank(k.type())));
    }

    private static int rank(String type) {
        int i = PREFERENCE.indexOf(type);
        return i < 0 ? PREFERENCE.size() : i;
    }

    /** Whether the host field of a line names {@code name} ({@code host} or {@code [host]:port}). */
    static boolean matches(String field, String name) {
        if (field.startsWith("|1|")) {
            return hashedMatches(field, name);
        }
        boolean positive = false;
        for (String pattern : field.split(",")) {
            boolean negated = pattern.startsWith("!");
            String p = negated ? pattern.substring(1) : pattern;
            if (glob(p.toLowerCase(java.util.Locale.ROOT), name)) {
                if (negated) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    /**
     * Whether {@code name} matches {@code pattern} ({@code *} any run, {@code ?} one character),
     * in time proportional to their lengths' product whatever the pattern: a file of patterns
     * such as {@code *a*a*a*a*b} cannot make a lookup run for hours, as a backtracking regex would.
     */
    static boolean glob(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}, as {@code HashKnownHosts yes} writes it. */
    private static boolean hashedMatches(String field, String name) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
