package org.virtbench.runner.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CleanupScopeTest {
    private final List<String> released = Collections.synchronizedList(new ArrayList<>());

    private AutoCloseable step(String name) {
        return () -> released.add(name);
    }

    @Test
    void releasesTheLastRegisteredFirst() {
        CleanupScope scope = new CleanupScope("test");
        scope.register("folder", step("folder"));
        scope.register("network", step("network"));
        scope.register("process", step("process"));
        scope.close();
        assertEquals(List.of("process", "network", "folder"), released);
        assertEquals(0, scope.size());
    }

    @Test
    void runsEveryStepAndThrowsTheFirstFailureWithTheRestSuppressed() {
        CleanupScope scope = new CleanupScope("test");
        scope.register("a", step("a"));
        scope.register("b", () -> {
            throw new IOException("b failed");
        });
        scope.register("c", step("c"));
        scope.register("d", () -> {
            throw new IllegalStateException("d failed");
        });
        RuntimeException e = assertThrows(RuntimeException.class, scope::close);
        assertEquals(List.of("c", "a"), released, "every step ran despite the failures");
        assertEquals("d failed", e.getMessage(), "the first failure met (reverse order) is the one thrown");
        assertEquals(1, e.getSuppressed().length);
        assertInstanceOf(IOException.class, e.getSuppressed()[0]);
    }

    @Test
    void aCheckedFirstFailureIsWrappedWithTheScopeName() {
        CleanupScope scope = new CleanupScope("qemu guests");
        scope.register("tap", () -> {
            throw new IOException("busy");
        });
        CleanupException e = assertThrows(CleanupException.class, scope::close);
        assertEquals("qemu guests: busy", e.getMessage());
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void closingARegistrationEarlyReleasesItOnceAndRemovesItFromTheScope() throws Exception {
        CleanupScope scope = new CleanupScope("test");
        AtomicInteger closes = new AtomicInteger();
        scope.register("kept", step("kept"));
        CleanupScope.Registration early = scope.register("early", closes::incrementAndGet);
        early.close();
        early.close();
        assertEquals(1, closes.get());
        assertEquals(1, scope.size());
        scope.close();
        assertEquals(1, closes.get(), "released once, early");
        assertEquals(List.of("kept"), released);
    }

    @Test
    void aForgottenRegistrationIsNeverReleased() {
        CleanupScope scope = new CleanupScope("test");
        scope.register("handed over", step("handed over")).forget();
        scope.close();
        assertEquals(List.of(), released);
    }

    @Test
    void closeLoggedRunsEveryStepAndDoesNotThrow() {
        CleanupScope scope = new CleanupScope("test");
        scope.register("a", step("a"));
        scope.register("b", () -> {
            throw new IllegalStateException("b failed");
        });
        assertFalse(scope.closeLogged(CleanupScopeTest.class), "not everything was released");
        assertEquals(List.of("a"), released);
        CleanupScope clean = new CleanupScope("clean");
        clean.register("c", step("c"));
        assertTrue(clean.closeLogged(CleanupScopeTest.class));
        assertTrue(scope.closed());
    }

    @Test
    void closeIsIdempotent() {
        CleanupScope scope = new CleanupScope("test");
        scope.register("once", step("once"));
        scope.close();
        scope.close();
        assertEquals(List.of("once"), released);
        assertTrue(scope.closed());
    }

    @Test
    void registeringIntoAClosedScopeReleasesAtOnceAndThrows() {
        CleanupScope scope = new CleanupScope("test");
        scope.close();
        assertThrows(ScopeClosedException.class, () -> scope.register("late", step("late")));
        assertEquals(List.of("late"), released, "what was made after the close is not left behind");
        AtomicInteger created = new AtomicInteger();
        assertThrows(ScopeClosedException.class, () -> scope.create("later", created::incrementAndGet, n -> { }));
        assertEquals(0, created.get(), "nothing is created in a closed scope");
    }

    @Test
    void aChildIsReleasedInItsPlaceOrEarlyAndThenLeavesItsParent() {
        CleanupScope parent = new CleanupScope("campaign");
        parent.register("first", step("first"));
        CleanupScope early = parent.child("cell 1");
        early.register("cell 1 guest", step("cell 1 guest"));
        CleanupScope late = parent.child("cell 2");
        late.register("cell 2 guest", step("cell 2 guest"));
        parent.register("seal", step("seal"));
        early.close();
        assertEquals(List.of("cell 1 guest"), released);
        assertEquals(3, parent.size(), "the closed child left its parent");
        parent.close();
        assertEquals(List.of("cell 1 guest", "seal", "cell 2 guest", "first"), released);
        late.close();
        assertEquals(4, released.size(), "a child closed by its parent is not released again");
    }

    @Test
    void createWaitsForACreationInProgressBeforeClosing() throws Exception {
        CleanupScope scope = new CleanupScope("test");
        CountDownLatch creating = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> made = threads.submit(() -> scope.create("slow", () -> {
                creating.countDown();
                finish.await();
                return "made";
            }, what -> released.add(what)));
            assertTrue(creating.await(10, TimeUnit.SECONDS));
            Future<?> closing = threads.submit(scope::close);
            finish.countDown();
            closing.get(10, TimeUnit.SECONDS);
            assertEquals("made", made.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("made"), released, "the close released what was being created");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void parallelRegistrationsAreAllReleased() throws Exception {
        CleanupScope scope = new CleanupScope("test");
        int threads = 8;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                all.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        CleanupScope.Registration r = scope.register(thread + "/" + i, step(thread + "/" + i));
                        if (i % 2 == 1) {
                            r.close(); // released normally, at once
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each / 2, scope.size());
        scope.close();
        assertEquals(threads * each, released.size());
        assertEquals(threads * each, released.stream().distinct().count(), "each released once");
        // per thread, the ones left for the scope come back in reverse order of registration
        for (int t = 0; t < threads; t++) {
            String prefix = t + "/";
            List<Integer> order = released.subList(threads * each / 2, released.size()).stream()
                    .filter(s -> s.startsWith(prefix)).map(s -> Integer.parseInt(s.substring(prefix.length()))).toList();
            List<Integer> descending = new ArrayList<>(order);
            descending.sort(Collections.reverseOrder());
            assertEquals(descending, order);
        }
    }

    @Test
    void currentIsTheBoundScopeOnThisThreadOnly() throws Exception {
        CleanupScope scope = new CleanupScope("cell");
        assertSame(ProcessScope.root(), CleanupScope.current());
        try (CleanupScope.Binding bound = scope.bind()) {
            assertSame(scope, CleanupScope.current());
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                assertSame(ProcessScope.root(), other.submit(CleanupScope::current).get(10, TimeUnit.SECONDS));
            } finally {
                other.shutdownNow();
            }
        }
        assertSame(ProcessScope.root(), CleanupScope.current());
        assertFalse(ProcessScope.root().closed());
    }
}
