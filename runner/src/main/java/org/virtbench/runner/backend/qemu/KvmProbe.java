package org.virtbench.runner.backend.qemu;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.virtbench.runner.system.Processes;

/**
 * Whether KVM can run a guest here. A {@code /dev/kvm} that opens read-write is necessary but not
 * enough: a nested or paravirtual KVM (such as a PVM host module) may open fine and still fail
 * on a normal guest's first MSR write, or hang in its boot. So the probe also boots the guest
 * kernel under KVM, with QEMU's KVM CPU model, and requires the kernel's first console line
 * ({@code Linux version}) within {@value #BOOT_LIMIT_SECONDS} s; a working KVM prints it in well
 * under a second. The answer is kept for the life of the process.
 */
public final class KvmProbe {
    static final long BOOT_LIMIT_SECONDS = 10;
    private static final Path DEVICE = Path.of("/dev/kvm");
    private static final Map<Path, Optional<String>> RESULTS = new ConcurrentHashMap<>();

    private KvmProbe() {
    }

    /** Why the device cannot be used, checking only the device itself (cheap). */
    public static Optional<String> deviceProblem() {
        if (!Files.exists(DEVICE)) {
            return Optional.of("no /dev/kvm (no hardware virtualization here, or the kvm module is not loaded)");
        }
        try (FileChannel ignored = FileChannel.open(DEVICE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("/dev/kvm does not open read-write: " + e.getMessage());
        }
    }

    /** Why KVM cannot run a guest of {@code kernel}; empty when it can. Boots once per kernel per process. */
    public static Optional<String> problem(Path kernel) {
        Optional<String> device = deviceProblem();
        if (device.isPresent()) {
            return device;
        }
        return RESULTS.computeIfAbsent(kernel.toAbsolutePath(), KvmProbe::testBoot);
    }

    private static Optional<String> testBoot(Path kernel) {
        List<String> argv = new ArrayList<>(List.of(QemuCommandLine.QEMU, "-machine", QemuCommandLine.MACHINE));
        argv.addAll(Accelerator.KVM.qemuArguments());
        argv.addAll(List.of("-m", "128M", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
                "-serial", "stdio", "-kernel", kernel.toString(), "-append", "console=ttyS0 panic=-1"));
        Process qemu;
        try {
            qemu = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            return Optional.of("cannot start " + QemuCommandLine.QEMU + ": " + e.getMessage());
        }
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (seen) {
                        seen.add(line);
                        seen.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        }, "kvm-probe");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_LIMIT_SECONDS);
        try {
            synchronized (seen) {
                while (seen.stream().noneMatch(l -> l.contains("Linux version")) && qemu.isAlive()
                        && System.nanoTime() < deadline) {
                    seen.wait(100);
                }
                if (seen.stream().anyMatch(l -> l.contains("Linux version"))) {
                    return Optional.empty();
                }
            }
            reader.join(1000);
            synchronized (seen) {
                String output = String.join(" / ", seen.stream().filter(l -> !l.contains("warning:")).limit(3).toList());
                return Optional.of("/dev/kvm opens but a test boot under KVM "
                        + (qemu.isAlive() ? "printed nothing within " + BOOT_LIMIT_SECONDS + " s" : "failed")
                        + (output.isBlank() ? "" : ": " + output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while testing KVM");
        } finally {
            Processes.killTree(qemu, Duration.ofSeconds(5));
        }
    }
}
