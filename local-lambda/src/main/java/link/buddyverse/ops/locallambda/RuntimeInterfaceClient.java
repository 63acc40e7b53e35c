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

    /**
     * The RIC unpacks its native HTTP client to one fixed file, /tmp/.libaws-lambda-jni.so, at every start: containers
     * starting at the same moment overwrite it under each other, and one fails to load it and exits. Lambda's image has
     * the library in place; here it is unpacked once, and each container is pointed at it with this property.
     */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static RuntimeInterfaceClient installed;

    private final Path directory;
    private final List<Path> jars;
    private final Path nativeLibrary;

    private RuntimeInterfaceClient(Path directory, List<Path> jars, Path nativeLibrary) {
        this.directory = directory;
        this.jars = jars;
        this.nativeLibrary = nativeLibrary;
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

    /** The JVM options that point the RIC at its native library unpacked once (none when there is none for this machine). */
    public List<String> jvmOptions() {
        return nativeLibrary == null ? List.of() : List.of("-D" + JNI_PROPERTY + "=" + nativeLibrary);
    }

    /** The RIC's glibc build of its JNI client for this machine's architecture, or null (the RIC then unpacks its own). */
    private static Path unpackNativeLibrary(Path ricJar, Path directory) throws IOException {
        String arch = System.getProperty("os.arch");
        String name = arch.equals("amd64") || arch.equals("x86_64") ? "jni/libaws-lambda-jni.linux-x86_64.so"
                : arch.equals("aarch64") ? "jni/libaws-lambda-jni.linux-aarch_64.so" : null;
        if (name == null || !System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ricJar.toFile())) {
            var entry = jar.getEntry(name);
            if (entry == null) {
                return null;
            }
            Path library = directory.resolve("libaws-lambda-jni.so");
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
            library.toFile().deleteOnExit();
            return library;
        }
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
            Path nativeLibrary = unpackNativeLibrary(written.get(0), directory);
            directory.toFile().deleteOnExit();
            return new RuntimeInterfaceClient(directory, List.copyOf(written), nativeLibrary);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the runtime interface client to a temporary directory", e);
        }
    }
}
