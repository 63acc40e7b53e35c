package link.buddyverse.ops.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's recorded sample events ({@code events/<function>/<case>.json}), the same files users pass to
 * {@code sam local invoke -e}: tests use them as fixtures so the samples and the behaviour cannot drift apart.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static String read(String function, String file) {
        try {
            return Files.readString(path(function, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same sample, as if AWS had delivered a different event (another id). */
    public static String withId(String json, String newId) {
        return json.replaceFirst("\"id\"\\s*:\\s*\"[^\"]*\"", "\"id\": \"" + newId + "\"");
    }

    public static Path path(String function, String file) {
        return repositoryRoot().resolve("events").resolve(function).resolve(file);
    }

    /** Tests run from a module directory; the repository root is the nearest ancestor holding mvnw. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (a directory with mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
