package org.virtbench.runner.backend.lxc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs one action per item on threads of its own and waits for all. The actions mostly wait on
 * child processes (lxc-execute, lxc-attach, lxc-stop), so there are as many threads as items up to
 * a cap, independent of the CPU count that the common fork-join pool would size itself by.
 */
final class Parallel {
    private static final int MAX_THREADS = 32;

    private Parallel() {
    }

    /**
     * Applies {@code action} to every item concurrently and waits for all of them, also when some
     * fail.
     *
     * @throws RuntimeException the first failure, with the others added as suppressed
     */
    static <T> void run(List<T> items, Consumer<T> action) {
        if (items.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(items.size(), MAX_THREADS), r -> {
            Thread t = new Thread(r, "virtbench-lxc");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> action.accept(item)));
            }
            RuntimeException first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException failure = e.getCause() instanceof RuntimeException r
                            ? r : new RuntimeException(e.getCause());
                    if (first == null) {
                        first = failure;
                    } else {
                        first.addSuppressed(failure);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for lxc guests", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
