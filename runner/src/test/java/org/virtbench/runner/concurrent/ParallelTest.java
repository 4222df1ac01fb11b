package org.virtbench.runner.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void runsAllAtOnceOnNamedThreadsAndKeepsTheOrder() {
        CountDownLatch allStarted = new CountDownLatch(5);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> squares = Parallel.all("square", List.of(1, 2, 3, 4, 5), i -> {
            threads.add(Thread.currentThread().getName());
            allStarted.countDown();
            // each waits for the others: only true when all five run at the same time
            assertTrue(allStarted.await(10, TimeUnit.SECONDS));
            return i * i;
        });
        assertEquals(List.of(1, 4, 9, 16, 25), squares);
        assertEquals(5, threads.size());
        assertTrue(threads.stream().allMatch(n -> n.startsWith("virtbench-square-")), threads.toString());
    }

    @Test
    void neverMoreThreadsThanTheBound() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Parallel.each("bounded", IntStream.range(0, 3 * Parallel.MAX_THREADS).boxed().toList(), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(5);
            running.decrementAndGet();
        });
        assertTrue(most.get() <= Parallel.MAX_THREADS, "at most " + Parallel.MAX_THREADS + ", saw " + most.get());
    }

    @Test
    void waitsForAllAndThrowsTheFirstFailureInItemOrderWithTheRestSuppressed() {
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.each("fail", List.of(0, 1, 2, 3), i -> {
            if (i == 0) {
                Thread.sleep(200); // the slow one still counts
                finished.incrementAndGet();
                return;
            }
            finished.incrementAndGet();
            if (i == 1) {
                throw new IllegalStateException("one");
            }
            if (i == 3) {
                throw new IOException("three");
            }
        }));
        assertEquals(4, finished.get(), "every task ran to its end");
        assertEquals("one", e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertInstanceOf(CompletionException.class, e.getSuppressed()[0]);
        assertInstanceOf(IOException.class, e.getSuppressed()[0].getCause());
    }

    @Test
    void unlessOneFailsStopsWaitingAtTheFirstFailureAndInterruptsTheOthers() {
        CountDownLatch interrupted = new CountDownLatch(1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.allUnlessOneFails("boot", List.of(0, 1), i -> {
                    if (i == 1) {
                        throw new IllegalStateException("guest 1 did not boot");
                    }
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException stopped) {
                        interrupted.countDown();
                    }
                    return i;
                }));
        assertEquals("guest 1 did not boot", e.getMessage());
        assertTrue(await(interrupted), "the task still waiting was interrupted");
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void noItemsNoThreads() {
        assertEquals(List.of(), Parallel.all("none", List.<Integer>of(), i -> i));
    }
}
