package org.virtbench.runner.backend.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtbench.backend.BackendException;

/**
 * A domain XML template per libvirt driver, filled in per guest. Only the QEMU driver has one
 * (domain types {@code qemu} and {@code kvm}): its guests boot the qemu backend's kernel and
 * initrd, whose drivers are virtio only. Xen (libxl) would need xen-blkfront and xen-netfront in
 * the initrd and a PV or PVH boot the image has never been tried with; LXC would need a root
 * filesystem without the copy-on-write disk this backend is built on. Rather than templates that
 * were never seen to boot, those drivers are refused by the probe with that reason.
 *
 * @param driver the driver name as {@code virConnectGetType} says it ({@code QEMU})
 * @param text   the template, with {@code {{name}}} marks
 */
record DomainTemplate(String driver, String text) {
    private static final Pattern MARK = Pattern.compile("\\{\\{([A-Za-z]+)}}");

    /**
     * The built-in template for {@code driver}, or {@code custom} when given.
     *
     * @throws BackendException when the driver has none
     */
    static DomainTemplate forDriver(String driver, Optional<Path> custom) {
        if (custom.isPresent()) {
            try {
                return new DomainTemplate(driver, Files.readString(custom.get()));
            } catch (IOException e) {
                throw new BackendException("cannot read the domain template " + custom.get() + ": " + e.getMessage(), e);
            }
        }
        return builtIn(driver).orElseThrow(() -> new BackendException(unsupported(driver)));
    }

    /** The built-in template of a driver, when there is one. */
    static Optional<DomainTemplate> builtIn(String driver) {
        if (!driver.equalsIgnoreCase("QEMU")) {
            return Optional.empty();
        }
        try (InputStream in = DomainTemplate.class.getResourceAsStream("qemu.xml")) {
            if (in == null) {
                throw new IllegalStateException("qemu.xml is missing from the class path");
            }
            return Optional.of(new DomainTemplate("QEMU", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a driver without a template cannot be used. */
    static String unsupported(String driver) {
        return "libvirt's " + driver + " driver has no virtbench domain template: the guest media (kernel, virtio-only"
                + " initrd, qcow2 disk) are the qemu backend's; give template=FILE with a domain of your own, or use a"
                + " qemu:// or kvm URI (Xen, VirtualBox and OpenVZ machines can be measured through the ssh backend)";
    }

    /**
     * The template with every mark replaced by its value, XML-escaped, except the values named
     * in {@code raw}, which are XML fragments made by this backend.
     *
     * @throws BackendException when the template has a mark without a value
     */
    String fill(Map<String, String> values, java.util.Set<String> raw) {
        Matcher m = MARK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new BackendException("the domain template has {{" + key + "}}, which virtbench does not fill; known: "
                        + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(raw.contains(key) ? value : escape(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
