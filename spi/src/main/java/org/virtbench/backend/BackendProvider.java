package org.virtbench.backend;

/**
 * Creates backends of one kind; found by {@link java.util.ServiceLoader}. A {@code --backend}
 * value {@code name} or {@code name:argument} is handed to the provider of that name.
 */
public interface BackendProvider {
    /** The name before the colon: {@code host}, {@code lxc}, {@code qemu}, {@code ssh}, {@code libvirt}. */
    String name();

    /** One line for {@code virtbench doctor} and usage errors. */
    String description();

    /**
     * Creates the backend.
     *
     * @param argument what followed the colon, empty when there was none
     * @throws IllegalArgumentException with a one-line message when the argument is wrong
     */
    Backend create(String argument);
}
