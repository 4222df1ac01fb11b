package org.virtbench.runner.plugin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.virtbench.runner.meta.VirtbenchVersion;

/** The README's example project is the plugin's integration test, word for word: it cannot rot. */
class ReadmeExampleTest {
    private static final Path IT = Path.of("src/it/run-own-workload");

    @Test
    void theReadmeShowsTheIntegrationTestsPomAndWorkload() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String pom = Files.readString(IT.resolve("pom.xml")).replace("@project.version@", VirtbenchVersion.current());
        String workload = Files.readString(IT.resolve("src/main/java/com/example/bench/GzipWorkload.java"));
        assertTrue(readme.contains("```xml\n" + pom + "```"), "README's pom.xml differs from " + IT);
        assertTrue(readme.contains("```java\n" + workload + "```"), "README's GzipWorkload differs from " + IT);
    }
}
