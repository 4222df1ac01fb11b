package org.virtbench.runner.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one task per item at once and waits: the runner's one "run N and wait for all". The tasks
 * mostly wait on child processes and sockets (a container start, a guest's boot, an SSH handshake),
 * so each call has its own pool of daemon threads named after what they do, as many as items up to
 * {@link #MAX_THREADS}, independent of the CPU count that the common fork-join pool sizes itself by
 * (and which a slow handshake there would block for every other user of it).
 */
public final class Parallel {
    /** The most threads one call starts; more items queue. */
    public static final int MAX_THREADS = 32;

    private Parallel() {
    }

    /** One item's work. */
    @FunctionalInterface
    public interface Task<T, R> {
        R apply(T item) throws Exception;
    }

    /** One item's work, without a result. */
    @FunctionalInterface
    public interface Action<T> {
        void accept(T item) throws Exception;
    }

    /**
     * Applies {@code task} to every item at once and waits for all of them, also when some fail.
     *
     * @param name    what the threads do, in their names ({@code lxc-start})
     * @return the results in the order of {@code items}
     * @throws RuntimeException the failure of the first item that failed (in item order; a checked
     *                          one wrapped in {@link CompletionException}), the others suppressed
     */
    public static <T, R> List<R> all(String name, List<T> items, Task<? super T, ? extends R> task) {
        return run(name, items, task, false);
    }

    /** {@link #all} for tasks without a result. */
    public static <T> void each(String name, List<T> items, Action<? super T> action) {
        all(name, items, item -> {
            action.accept(item);
            return null;
        });
    }

    /**
     * Like {@link #all}, but the first failure, in the order they happen, ends the wait: the other
     * tasks are interrupted and it is thrown at once (a guest that cannot boot makes waiting for
     * the others pointless).
     */
    public static <T, R> List<R> allUnlessOneFails(String name, List<T> items, Task<? super T, ? extends R> task) {
        return run(name, items, task, true);
    }

    private static <T, R> List<R> run(String name, List<T> items, Task<? super T, ? extends R> task, boolean failFast) {
        if (items.isEmpty()) {
            return List.of();
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(items.size(), MAX_THREADS), r -> {
            Thread t = new Thread(r, "virtbench-" + name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<R> done = new ExecutorCompletionService<>(pool);
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(done.submit(() -> task.apply(item)));
            }
            if (failFast) {
                for (int i = 0; i < futures.size(); i++) {
                    Future<R> next = done.take();
                    try {
                        next.get();
                    } catch (ExecutionException e) {
                        throw unchecked(e.getCause());
                    }
                }
            }
            List<R> results = new ArrayList<>();
            RuntimeException first = null;
            for (Future<R> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    RuntimeException failure = unchecked(e.getCause());
                    if (first == null) {
                        first = failure;
                    } else {
                        first.addSuppressed(failure);
                    }
                    results.add(null);
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for " + name, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new CompletionException(cause.getMessage(), cause);
    }
}
