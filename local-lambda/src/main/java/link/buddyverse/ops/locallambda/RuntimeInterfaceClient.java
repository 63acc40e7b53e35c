package link.buddyverse.ops.locallambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda's runtime interface client (RIC) and the two jars it needs, as the java21 image keeps them in
 * /var/runtime/lib: carried as resources of this module (the build copies them in) and written out once per JVM to
 * a directory of their own. A container's classpath is these jars alone; the function's own jar is loaded by the
 * RIC's customer class loader from the task root, as on Lambda.
 */
public final class RuntimeInterfaceClient {

    /** The RIC's main class, what Lambda's bootstrap starts. */
    public static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private static final List<String> JARS = List.of("aws-lambda-java-runtime-interface-client.jar",
            "aws-lambda-java-core.jar", "aws-lambda-java-serialization.jar");

    private static RuntimeInterfaceClient installed;

    private final Path directory;
    private final List<Path> jars;

    private RuntimeInterfaceClient(Path directory, List<Path> jars) {
        this.directory = directory;
        this.jars = jars;
    }

    /** The RIC written out to a temporary directory (once per JVM; removed when the JVM exits). */
    public static synchronized RuntimeInterfaceClient installed() {
        if (installed == null) {
            installed = install();
        }
        return installed;
    }

    /** LAMBDA_RUNTIME_DIR: where the RIC's jars are. */
    public Path directory() {
        return directory;
    }

    public List<Path> jars() {
        return jars;
    }

    private static RuntimeInterfaceClient install() {
        try {
            Path directory = Files.createTempDirectory("local-lambda-ric-");
            List<Path> written = new ArrayList<>();
            for (String name : JARS) {
                try (InputStream in = RuntimeInterfaceClient.class.getResourceAsStream("ric/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("local-lambda was built without the runtime interface client (no resource ric/"
                                + name + "): rebuild it with ./mvnw -B -q install -DskipTests");
                    }
                    Path jar = directory.resolve(name);
                    Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                    jar.toFile().deleteOnExit();
                    written.add(jar);
                }
            }
            directory.toFile().deleteOnExit();
            return new RuntimeInterfaceClient(directory, List.copyOf(written));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the runtime interface client to a temporary directory", e);
        }
    }
}
