package org.virtbench.runner.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one process-tree kill: the process and every process it started. */
class KillTreeTest {
    @Test
    void killsTheProcessAndItsChildren() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 300 & wait").start();
        List<ProcessHandle> children = List.of();
        for (int i = 0; i < 100 && children.size() < 2; i++) {
            Thread.sleep(20);
            children = shell.descendants().toList();
        }
        assertEquals(2, children.size(), "two sleeps started");
        Processes.killTree(shell, Duration.ofSeconds(10));
        assertFalse(shell.isAlive());
        for (ProcessHandle child : children) {
            assertTrue(child.onExit().get(10, TimeUnit.SECONDS) != null && !child.isAlive(), "child " + child.pid());
        }
    }
}
