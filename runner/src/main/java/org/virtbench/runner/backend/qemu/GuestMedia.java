package org.virtbench.runner.backend.qemu;

import java.nio.file.Path;
import org.virtbench.runner.transport.ssh.ClientKey;

/**
 * What every guest of a provisioning boots from, prepared once and shared.
 *
 * @param image     the root filesystem and its pinned host key
 * @param kernel    the kernel and the initrd's ingredients
 * @param initrd    the initrd with the client key's public half
 * @param baseDisk  the qcow2 base image every overlay is backed by
 * @param clientKey the key virtbench logs in with
 */
public record GuestMedia(BootImage image, GuestKernel kernel, Path initrd, Path baseDisk, ClientKey clientKey) {

    /** Prepares (or finds in the caches) everything needed to boot {@code image}. */
    public static GuestMedia prepare(BootImage image, QemuSettings settings, boolean compressDisk) {
        GuestKernel kernel = GuestKernel.ensure(settings.cache());
        ClientKey key = ClientKey.ensure(settings.cache().resolve("client-key"));
        Path initrd = Initrd.ensure(kernel, key.publicKeyLine(), settings.cache());
        Path base = GuestDisk.base(image.rootfs(), settings.diskBytes(), compressDisk);
        return new GuestMedia(image, kernel, initrd, base, key);
    }
}
