package org.virtbench.runner.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtbench.plan.PlanIndex;
import org.virtbench.plan.PlanSpec;
import org.virtbench.runner.testing.HostPlans;

/** A project runs its own workloads, not the suite the plugin carries on its class path. */
class ProjectClassLoaderTest {
    @TempDir
    Path classes;

    @Test
    void readsThePlanIndexOfTheProjectAloneAndLoadsItsPlans() throws Exception {
        PlanSpec own = new HostPlans.TruePlan().spec();
        HostPlans.writeIndex(classes, own);
        URL[] urls = {classes.toUri().toURL()};
        ClassLoader plugin = getClass().getClassLoader();
        try (URLClassLoader plain = new URLClassLoader(urls, plugin);
             URLClassLoader project = new VirtbenchMojo.ProjectClassLoader(urls, plugin)) {
            assertFalse(PlanIndex.load(plain).find("bzip2").isEmpty(), "the plugin's class path holds the suite");
            PlanIndex index = PlanIndex.load(project);
            assertEquals(List.of("true"), index.plans().stream().map(PlanSpec::id).toList());
            assertEquals(HostPlans.TruePlan.class, index.plan(own).getClass(), "plan classes still load");
        }
    }
}
