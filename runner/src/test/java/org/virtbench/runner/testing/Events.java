package org.virtbench.runner.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A thread-safe record of lifecycle calls, in the order they happened. */
public final class Events {
    private final List<String> events = new ArrayList<>();

    public synchronized void add(String event) {
        events.add(event);
    }

    public synchronized List<String> all() {
        return List.copyOf(events);
    }

    public synchronized List<String> matching(Predicate<String> filter) {
        return events.stream().filter(filter).toList();
    }

    public synchronized int count(String event) {
        return (int) events.stream().filter(event::equals).count();
    }

    public synchronized int indexOf(String event) {
        return events.indexOf(event);
    }
}
