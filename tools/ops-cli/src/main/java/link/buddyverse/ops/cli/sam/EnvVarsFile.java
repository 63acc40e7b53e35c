package link.buddyverse.ops.cli.sam;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.SetupException;
import link.buddyverse.ops.sam.FunctionSpec;

/**
 * sam's {@code --env-vars} file: {@code {"Parameters": {VAR: value, ...}, "<LogicalId>": {VAR: value, ...}}}.
 * "Parameters" holds variables for every function (not template parameters); a function's own section,
 * keyed by logical id or FunctionName, wins over it.
 */
public final class EnvVarsFile {

    public static final EnvVarsFile NONE = new EnvVarsFile(Map.of());

    private final Map<String, Map<String, String>> sections;

    private EnvVarsFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    public static EnvVarsFile read(Path file) {
        Object document;
        try {
            document = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SetupException("Could not read the --env-vars file " + file + ": " + e.getMessage(), e);
        } catch (Json.MalformedJsonException e) {
            throw new SetupException("The --env-vars file " + file + " is not JSON: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> top)) {
            throw new SetupException("The --env-vars file " + file + " must be a JSON object like"
                    + " {\"Parameters\": {\"VAR\": \"value\"}, \"MyFunction\": {\"VAR\": \"value\"}}");
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        top.forEach((name, section) -> {
            if (!(section instanceof Map<?, ?> variables)) {
                throw new SetupException("In the --env-vars file " + file + ", \"" + name
                        + "\" must map variable names to values, got " + section);
            }
            Map<String, String> values = new LinkedHashMap<>();
            // sam passes JSON numbers and booleans as their text, and null as an empty string.
            variables.forEach((variable, value) -> values.put(String.valueOf(variable), value == null ? "" : String.valueOf(value)));
            sections.put(String.valueOf(name), values);
        });
        return new EnvVarsFile(sections);
    }

    /** The "Parameters" section: variables for every function that declares them. */
    public Map<String, String> shared() {
        return sections.getOrDefault("Parameters", Map.of());
    }

    /** The function's own section, keyed by logical id (or by FunctionName, which the logical id beats). */
    public Map<String, String> own(FunctionSpec function) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!function.functionName().equals(function.logicalId())) {
            values.putAll(sections.getOrDefault(function.functionName(), Map.of()));
        }
        values.putAll(sections.getOrDefault(function.logicalId(), Map.of()));
        return values;
    }
}
