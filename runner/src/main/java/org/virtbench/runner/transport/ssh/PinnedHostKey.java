package org.virtbench.runner.transport.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * The one host key a guest may present: the public half of a key generated when its image was
 * built, in OpenSSH's one-line form ({@code ssh-ed25519 AAAA... comment}). A guest that presents
 * any other key is refused; there is no trust-on-first-use.
 *
 * @param type   the key's algorithm name as SSH writes it ({@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa})
 * @param base64 the key blob in base64, exactly as in the {@code .pub} file
 * @param origin where the key was read from, for messages ({@code /images/abc/rootfs/etc/ssh/ssh_host_ed25519_key.pub})
 */
public record PinnedHostKey(String type, String base64, String origin) {

    public PinnedHostKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(base64, "base64");
        Objects.requireNonNull(origin, "origin");
        byte[] blob = Base64.getDecoder().decode(base64);
        if (!type.equals(blobType(blob))) {
            throw new IllegalArgumentException("host key of " + origin + " says " + type
                    + " but its blob is of type " + blobType(blob));
        }
    }

    /**
     * Parses one line of an OpenSSH public key file.
     *
     * @throws IllegalArgumentException when the line is not {@code TYPE BASE64 [COMMENT]}
     */
    public static PinnedHostKey parse(String line, String origin) {
        String[] words = line.trim().split("\\s+");
        if (words.length < 2) {
            throw new IllegalArgumentException("not an OpenSSH public key (TYPE BASE64 [COMMENT]) in " + origin);
        }
        try {
            return new PinnedHostKey(words[0], words[1], origin);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an OpenSSH public key in " + origin + ": " + e.getMessage(), e);
        }
    }

    /** Reads the key from a {@code .pub} file, such as {@code etc/ssh/ssh_host_ed25519_key.pub} of an image's root. */
    public static PinnedHostKey read(Path publicKeyFile) {
        try {
            return parse(Files.readString(publicKeyFile, StandardCharsets.UTF_8), publicKeyFile.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the host key " + publicKeyFile + ": " + e.getMessage(), e);
        }
    }

    /** The key blob as it travels in the SSH protocol. */
    public byte[] blob() {
        return Base64.getDecoder().decode(base64);
    }

    /** The fingerprint as OpenSSH prints it: {@code SHA256:} and the unpadded base64 of the blob's SHA-256. */
    public String fingerprint() {
        return fingerprint(blob());
    }

    /** OpenSSH's SHA-256 fingerprint of any key blob. */
    public static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * The host key algorithms to offer in key exchange so the server signs with this key's type:
     * otherwise a server holding several keys could present another of its keys and be refused
     * although the pinned one is genuine.
     */
    public String signatureAlgorithms() {
        return "ssh-rsa".equals(type) ? "rsa-sha2-512,rsa-sha2-256" : type;
    }

    /** The key's type as written inside its blob (the first SSH string), or {@code ?} when unreadable. */
    static String blobType(byte[] blob) {
        if (blob.length < 4) {
            return "?";
        }
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (length < 0 || length > blob.length - 4) {
            return "?";
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    /** The line as OpenSSH writes it, without a comment. */
    public String toOpenSshLine() {
        return type + " " + base64;
    }

    @Override
    public String toString() {
        return type + " " + fingerprint() + " (" + origin + ")";
    }
}
