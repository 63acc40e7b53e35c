package link.buddyverse.ops.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.ProjectLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./ops bench}: hands every argument to the bench harness ({@code bench/}), in its own JVM so that
 * what it measures is not disturbed by the CLI, and returns its exit status.
 */
@Command(name = "bench",
        description = {
                "Run the benchmarks of bench/ (cold start, warm path, event storms) and compare them with their baselines.",
                "Every argument goes to the harness (link.buddyverse.ops.bench.BenchMain): './ops bench --help' lists them,"
                        + " e.g. './ops bench --json'."})
public class BenchCommand implements Callable<Integer> {

    static final String MAIN_CLASS = "link.buddyverse.ops.bench.BenchMain";

    @ParentCommand
    OpsCli ops;

    @Spec
    CommandSpec spec;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        ProjectLayout layout = ops.layout();
        Path jar = layout.benchJar();
        if (!Files.isRegularFile(jar)) {
            spec.commandLine().getErr().println("ops: " + jar + " is missing: build it with"
                    + " ./mvnw -B -q -pl bench -am install -DskipTests (the ./ops launcher builds it by itself)");
            spec.commandLine().getErr().flush();
            return OpsCli.SETUP_ERROR;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ProjectLayout.ROOT_PROPERTY + "=" + layout.root(),
                "-cp", jar.toString(), MAIN_CLASS));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).directory(layout.workingDir().toFile()).inheritIO().start();
        return process.waitFor();
    }
}
