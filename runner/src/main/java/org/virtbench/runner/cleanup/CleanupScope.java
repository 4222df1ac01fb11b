package org.virtbench.runner.cleanup;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one owner of what a run creates on the host: processes, namespaces, mounts, taps, domains,
 * volumes, folders. Whoever creates a resource registers how to release it, at once; {@link #close()}
 * releases everything still registered in reverse order, runs every step even when one fails, and
 * throws the first failure with the others attached as suppressed (JUnit 5's
 * {@code ExtensionContext.Store.CloseableResource} and {@code ThrowableCollector} are the model).
 *
 * <p>Scopes nest: {@link #child} makes a scope that is itself a resource of its parent, so that one
 * cell's guests are released together, early, when the cell ends, and with everything else when the
 * JVM stops. {@link ProcessScope#root()} is the root, closed by the runner's only shutdown hook.
 *
 * <p>Thread-safe: parallel provisioning threads register concurrently. A resource registered into a
 * scope that is already closing is released at once and {@link ScopeClosedException} is thrown, so
 * what a provisioning thread creates while the JVM stops is never left behind.
 */
public final class CleanupScope implements AutoCloseable {
    private static final ThreadLocal<CleanupScope> CURRENT = new ThreadLocal<>();

    private final String name;
    private final List<Registration> open = new ArrayList<>();
    private boolean closed;
    private Registration inParent;

    /** A scope of its own, not inside another; {@code name} says whose it is in failure messages. */
    public CleanupScope(String name) {
        this.name = Objects.requireNonNull(name);
    }

    /** What this scope holds, for messages. */
    public String name() {
        return name;
    }

    /**
     * The scope that resources created by this thread belong to: the one {@link #bind bound} by the
     * caller (the engine binds a cell's scope around {@code Backend.provision}), else the
     * {@linkplain ProcessScope#root() process's root}.
     */
    public static CleanupScope current() {
        CleanupScope bound = CURRENT.get();
        return bound != null ? bound : ProcessScope.root();
    }

    /** Makes this the {@link #current()} scope of this thread until the returned binding is closed. */
    public Binding bind() {
        CleanupScope previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Restores the previous {@link #current()} scope; never throws. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Registers how to release a resource that was just created.
     *
     * @param what     the resource, for failure messages ({@code tap vq12g0})
     * @param resource how to release it; called at most once
     * @return a handle that releases the resource early, or hands it over
     * @throws ScopeClosedException after releasing {@code resource}, when this scope is closing or closed
     */
    public Registration register(String what, AutoCloseable resource) {
        Registration r = new Registration(this, what, resource);
        synchronized (this) {
            if (!closed) {
                open.add(r);
                return r;
            }
        }
        ScopeClosedException e = new ScopeClosedException(name + " is being released (interrupted, or the JVM is "
                + "stopping): " + what + " is released again");
        try {
            r.release();
        } catch (Exception | Error failure) {
            e.addSuppressed(failure);
        }
        throw e;
    }

    /**
     * Creates a resource and registers it as one step, so that a concurrent {@link #close()} waits for
     * the creation and then releases the resource, rather than missing it.
     *
     * @throws ScopeClosedException without creating anything, when this scope is closing or closed
     */
    public synchronized <T> T create(String what, Creation<T> create, Release<? super T> release) throws Exception {
        if (closed) {
            throw new ScopeClosedException(name + " is being released (interrupted, or the JVM is stopping): "
                    + what + " was not created");
        }
        T made = create.create();
        open.add(new Registration(this, what, () -> release.release(made)));
        return made;
    }

    /** Creates a resource: {@link #create}'s first half. */
    @FunctionalInterface
    public interface Creation<T> {
        T create() throws Exception;
    }

    /** Releases a resource: {@link #create}'s second half. */
    @FunctionalInterface
    public interface Release<T> {
        void release(T resource) throws Exception;
    }

    /**
     * A scope inside this one: closed with this one, in its place in the order, or early by its owner,
     * which removes it from this one.
     */
    public CleanupScope child(String childName) {
        CleanupScope child = new CleanupScope(childName);
        child.inParent = register(childName, child::closeOwn);
        return child;
    }

    /** Whether this scope was closed or is closing: creating more is pointless. */
    public synchronized boolean closed() {
        return closed;
    }

    /** How many resources are registered and not yet released. */
    public synchronized int size() {
        return open.size();
    }

    /**
     * Releases every resource still registered, the last registered first, each once, all of them
     * even when some fail; idempotent.
     *
     * @throws RuntimeException the first failure (checked ones wrapped in {@link CleanupException}),
     *                          the others attached as suppressed
     */
    @Override
    public void close() {
        Registration parent;
        synchronized (this) {
            parent = inParent;
        }
        if (parent != null) {
            parent.close(); // runs closeOwn once and leaves the parent
        } else {
            closeOwn();
        }
    }

    /**
     * {@link #close()} for a {@code Provisioning.close()}, which must not throw: a failure is logged
     * as a warning of {@code owner}, with the rest that failed attached.
     *
     * @return true when every step released its resource (a run's record of what to sweep may go)
     */
    public boolean closeLogged(Class<?> owner) {
        try {
            close();
            return true;
        } catch (RuntimeException | Error e) {
            System.getLogger(owner.getName()).log(System.Logger.Level.WARNING, "releasing " + name + " was incomplete", e);
            return false;
        }
    }

    private void closeOwn() {
        List<Registration> toRelease;
        synchronized (this) {
            closed = true;
            toRelease = new ArrayList<>(open);
            open.clear();
        }
        Throwable first = null;
        for (int i = toRelease.size() - 1; i >= 0; i--) {
            try {
                toRelease.get(i).release();
            } catch (Exception | Error e) {
                if (first == null) {
                    first = e;
                } else if (first != e) {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error err) {
            throw err;
        }
        if (first != null) {
            throw new CleanupException(name + ": " + first.getMessage(), first);
        }
    }

    private synchronized void forget(Registration r) {
        open.remove(r);
    }

    /**
     * One registered resource. {@link #close()} releases it now and removes it from its scope (a
     * resource released at the normal end of its use); {@link #forget()} removes it without
     * releasing it (ownership handed to someone else).
     */
    public static final class Registration implements AutoCloseable {
        private final CleanupScope scope;
        private final String what;
        private final AutoCloseable resource;
        private final AtomicBoolean released = new AtomicBoolean();

        private Registration(CleanupScope scope, String what, AutoCloseable resource) {
            this.scope = scope;
            this.what = Objects.requireNonNull(what);
            this.resource = Objects.requireNonNull(resource);
        }

        /** What was registered. */
        public String what() {
            return what;
        }

        /** Releases the resource now, unless that already happened, and removes it from its scope. */
        @Override
        public void close() {
            scope.forget(this);
            try {
                release();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new CleanupException(what + ": " + e.getMessage(), e);
            }
        }

        /** Removes the resource from its scope without releasing it. */
        public void forget() {
            released.set(true);
            scope.forget(this);
        }

        private void release() throws Exception {
            if (released.compareAndSet(false, true)) {
                resource.close();
            }
        }
    }
}
