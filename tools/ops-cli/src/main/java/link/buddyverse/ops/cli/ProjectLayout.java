package link.buddyverse.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the user's working directory (relative paths on the command line, like
 * {@code -e events/x.json}, mean what the user's shell means by them) and the project root (defaults, built
 * jars). {@code ./ops} passes the root as {@code -Dops.repo}; otherwise it is found upwards from the working
 * directory.
 *
 * @param root       the buddyverse-ops checkout
 * @param workingDir the directory the user ran the command from
 */
public record ProjectLayout(Path root, Path workingDir) {

    public static final String ROOT_PROPERTY = "ops.repo";

    public static ProjectLayout detect() {
        Path workingDir = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        String declared = System.getProperty(ROOT_PROPERTY);
        if (declared != null && !declared.isBlank()) {
            return new ProjectLayout(Path.of(declared).toAbsolutePath().normalize(), workingDir);
        }
        for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("ops-kit"))) {
                return new ProjectLayout(dir, workingDir);
            }
        }
        return new ProjectLayout(workingDir, workingDir);
    }

    /** A path the user typed, relative to their working directory. */
    public Path userPath(String path) {
        return workingDir.resolve(path).toAbsolutePath().normalize();
    }

    /** template.yaml in the working directory if there is one (as sam does), else the project's. */
    public Path defaultTemplate() {
        Path here = workingDir.resolve("template.yaml");
        return Files.isRegularFile(here) ? here : root.resolve("template.yaml");
    }

    public Path benchJar() {
        return root.resolve("bench/target/bench.jar");
    }
}
