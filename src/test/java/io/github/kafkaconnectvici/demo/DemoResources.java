package io.github.kafkaconnectvici.demo;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the demo started, closed in reverse order once, at Ctrl-C or when it ends. */
final class DemoResources {

    private record Resource(String name, AutoCloseable resource) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DemoResources.class);

    private final DemoClock clock;
    private final PrintStream err;
    private final Deque<Resource> open = new ArrayDeque<>();
    private boolean closed;

    DemoResources(DemoClock clock, PrintStream err) {
        this.clock = clock;
        this.err = err;
    }

    synchronized <T extends AutoCloseable> T add(String name, T resource) {
        if (closed) {
            closeQuietly(new Resource(name, resource));
            throw new IllegalStateException("the demo is stopping");
        }
        open.push(new Resource(name, resource));
        return resource;
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        err.println(clock.stamp() + " # stopping: " + open.size() + " parts to stop");
        while (!open.isEmpty()) {
            closeQuietly(open.pop());
        }
        err.println(clock.stamp() + " # stopped; nothing left running");
    }

    private void closeQuietly(Resource resource) {
        try {
            resource.resource().close();
            err.println(clock.stamp() + " # stopped " + resource.name());
        } catch (Exception e) {
            err.println(clock.stamp() + " # could not stop " + resource.name() + ": " + e);
            LOG.warn("Could not stop {}", resource.name(), e);
        }
    }
}
