package link.buddyverse.ops.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import link.buddyverse.ops.cli.invoke.LambdaRunner;

/**
 * A throwaway directory holding the runner package ({@code link.buddyverse.ops.cli.invoke}) and nothing else,
 * copied out of wherever the CLI's classes are (ops-cli.jar, or target/classes in tests). It goes on the
 * child's classpath after the function jar: the function then runs against its own copies of ops-kit,
 * Micronaut and the SDK, as it will in Lambda, and never against the ones shaded into ops-cli.jar.
 */
final class RunnerClasspath implements AutoCloseable {

    private static final String PACKAGE = LambdaRunner.class.getPackageName().replace('.', '/') + "/";

    private final Path directory;

    private RunnerClasspath(Path directory) {
        this.directory = directory;
    }

    static RunnerClasspath materialize() {
        try {
            Path directory = Files.createTempDirectory("ops-lambda-runner-");
            Path target = Files.createDirectories(directory.resolve(PACKAGE));
            Path source = Path.of(LambdaRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.list(source.resolve(PACKAGE))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        Files.copy(file, target.resolve(file.getFileName().toString()));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    for (JarEntry entry : jar.stream().toList()) {
                        String name = entry.getName();
                        if (name.startsWith(PACKAGE) && name.endsWith(".class") && name.indexOf('/', PACKAGE.length()) < 0) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                Files.copy(in, target.resolve(name.substring(PACKAGE.length())));
                            }
                        }
                    }
                }
            }
            return new RunnerClasspath(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Lambda runner's classes to a temporary directory", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the CLI's own classes", e);
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException leftBehind) {
            // a few kilobytes in the temp directory; not worth failing the invocation for
        }
    }
}
