package org.virtbench.runner.transport;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.virtbench.guest.Guest;

/**
 * Where the output that a command's bound leaves out goes: the folder of the cell a guest serves
 * ({@link org.virtbench.backend.ProvisionRequest#outputDirectory()}), assigned by the engine once
 * the guests are provisioned. A transport asks for its guest's folder when it starts a command; a
 * guest without one (a probe, a test) keeps only the bounded text.
 */
public final class OutputSpill {
    private static final Map<Object, Path> FOLDERS = Collections.synchronizedMap(new WeakHashMap<>());

    private OutputSpill() {
    }

    /** Spills the left-out output of {@code guests}' commands into {@code folder} from now on. */
    public static void assign(List<? extends Guest> guests, Path folder) {
        if (folder != null) {
            guests.forEach(g -> FOLDERS.put(g, folder));
        }
    }

    /** The folder for {@code guest}'s left-out output, when one is assigned. */
    public static Optional<Path> folderOf(Object guest) {
        return Optional.ofNullable(FOLDERS.get(guest));
    }

    /**
     * A bounded buffer for one stream of a command of {@code guest}, spilling into its folder.
     *
     * @param label what the spill file's name starts with: the guest and the stream, such as {@code host-0.stdout}
     */
    public static BoundedOutput buffer(Object guest, String label) {
        return new BoundedOutput(folderOf(guest), label);
    }
}
