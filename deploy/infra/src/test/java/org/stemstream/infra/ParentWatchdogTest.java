package org.stemstream.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParentWatchdogTest {

    /**
     * A stand-in parent (a plain {@code sleep} process) is SIGKILLed; the child JVM, started with
     * the agent pointing at that parent, must exit by itself.
     */
    @Test
    void childExitsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep");
        Process parent = new ProcessBuilder("/bin/sleep", "300").start();
        Process child = null;
        try {
            String agent = ParentWatchdog.jvmArgument(dir);
            String agentForParent = agent.substring(0, agent.lastIndexOf('=') + 1) + parent.pid();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(List.of(java, "-Xmx32m", "-XX:TieredStopAtLevel=1", agentForParent,
                    "-cp", System.getProperty("java.class.path"), SleepingMain.class.getName()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            assertThat(child.waitFor(1, TimeUnit.SECONDS)).as("child running before the parent dies").isFalse();

            parent.destroyForcibly().waitFor();

            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child exited after the parent died").isTrue();
            assertThat(child.exitValue()).isEqualTo(ParentWatchdog.EXIT_STATUS);
        } finally {
            parent.destroyForcibly();
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }
}
