package link.buddyverse.ops.sam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A SAM template (template.yaml), read for what a local invocation needs to know about a function. */
public final class SamTemplate {

    static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";

    private final Path file;
    private final Map<String, Object> root;

    private SamTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return new SamTemplate(absolute, CloudFormationYaml.load(absolute));
    }

    public Path file() {
        return file;
    }

    /** Logical ids of the template's functions, in template order. */
    public List<String> functionIds() {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (resource instanceof Map<?, ?> r && SERVERLESS_FUNCTION.equals(r.get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The one function of the template, for {@code local invoke} without a logical id (as sam allows). */
    public String onlyFunction() {
        List<String> ids = functionIds();
        if (ids.size() != 1) {
            throw new TemplateException("Name the function to invoke: " + file.getFileName() + " declares "
                    + (ids.isEmpty() ? "no " + SERVERLESS_FUNCTION : String.join(", ", ids)));
        }
        return ids.get(0);
    }

    /**
     * The function {@code logicalId} with Globals.Function merged under its properties (sam's rules: maps merge
     * key by key, lists concatenate, the function's own scalars win) and every intrinsic resolved.
     */
    public FunctionSpec function(String logicalId, Map<String, String> parameterOverrides, StackContext stack) {
        if (!(resources().get(logicalId) instanceof Map<?, ?> resource) || !SERVERLESS_FUNCTION.equals(resource.get("Type"))) {
            throw new TemplateException(logicalId + " is not a function of " + file.getFileName() + "; its functions are: "
                    + String.join(", ", functionIds()));
        }
        Map<String, Object> globals = root.get("Globals") instanceof Map<?, ?> g && g.get("Function") instanceof Map<?, ?> f
                ? stringKeys(f) : Map.of();
        Map<String, Object> own = resource.get("Properties") instanceof Map<?, ?> p ? stringKeys(p) : Map.of();
        Map<String, Object> properties = merge(globals, own);

        List<String> warnings = new ArrayList<>();
        Intrinsics intrinsics = new Intrinsics(root, parameterValues(parameterOverrides), stack, new LocalResources(warnings, LocalExports.beside(file)));
        String where = logicalId + ".Properties.";

        String handler = required(intrinsics, properties, "Handler", logicalId);
        String runtime = properties.containsKey("Runtime") ? intrinsics.text(properties.get("Runtime"), where + "Runtime") : "java21";
        int memory = integer(intrinsics, properties, "MemorySize", FunctionSpec.DEFAULT_MEMORY_MB, where);
        int timeout = integer(intrinsics, properties, "Timeout", FunctionSpec.DEFAULT_TIMEOUT_SECONDS, where);
        String name = properties.containsKey("FunctionName")
                ? intrinsics.text(properties.get("FunctionName"), where + "FunctionName") : logicalId;

        Object codeUri = properties.containsKey("CodeUri") ? intrinsics.evaluate(properties.get("CodeUri")) : ".";
        if (!(codeUri instanceof String codePath)) {
            throw new TemplateException(where + "CodeUri must be a local path to run the function locally, got " + codeUri);
        }

        Map<String, String> environment = new LinkedHashMap<>();
        if (properties.get("Environment") instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables) {
            variables.forEach((key, value) -> {
                Object resolved = intrinsics.evaluate(value);
                if (resolved != Intrinsics.NO_VALUE) {
                    environment.put(String.valueOf(key), intrinsics.text(resolved, where + "Environment.Variables." + key));
                }
            });
        }
        String logFormat = properties.get("LoggingConfig") instanceof Map<?, ?> logging && logging.get("LogFormat") != null
                ? intrinsics.text(logging.get("LogFormat"), where + "LoggingConfig.LogFormat") : null;

        return new FunctionSpec(logicalId, name, handler, runtime, memory, timeout,
                file.getParent().resolve(codePath).normalize(), environment, logFormat, List.copyOf(warnings));
    }

    /**
     * The EventBridge rules SAM makes of the functions' event sources ({@code Type: EventBridgeRule} or
     * {@code CloudWatchEvent} with a {@code Pattern}), in template order, patterns resolved with the parameters'
     * values (defaults, unless overridden) and the bus they listen on ({@code EventBusName}, else {@code default}).
     */
    public List<EventRule> eventRules(Map<String, String> parameterOverrides, StackContext stack) {
        List<String> warnings = new ArrayList<>();
        Intrinsics intrinsics = new Intrinsics(root, parameterValues(parameterOverrides), stack, new LocalResources(warnings, LocalExports.beside(file)));
        List<EventRule> rules = new ArrayList<>();
        for (String function : functionIds()) {
            Map<?, ?> properties = ((Map<?, ?>) resources().get(function)).get("Properties") instanceof Map<?, ?> p ? p : Map.of();
            Map<?, ?> events = properties.get("Events") instanceof Map<?, ?> e ? e : Map.of();
            events.forEach((name, source) -> {
                if (!(source instanceof Map<?, ?> event) || !EventRule.TYPES.contains(String.valueOf(event.get("Type")))
                        || !(event.get("Properties") instanceof Map<?, ?> sourceProperties) || sourceProperties.get("Pattern") == null) {
                    return;
                }
                String where = function + ".Properties.Events." + name;
                Object bus = sourceProperties.get("EventBusName");
                rules.add(new EventRule(function, String.valueOf(name),
                        bus == null ? EventRule.DEFAULT_BUS : intrinsics.text(bus, where + ".Properties.EventBusName"),
                        intrinsics.evaluate(sourceProperties.get("Pattern"))));
            });
        }
        return rules;
    }

    /** Each declared parameter's value: the override if given (checked against the declaration), else its Default. */
    private Map<String, String> parameterValues(Map<String, String> overrides) {
        Map<?, ?> declared = root.get("Parameters") instanceof Map<?, ?> p ? p : Map.of();
        for (String name : overrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw new TemplateException("--parameter-overrides " + name + ": " + file.getFileName()
                        + " declares no such parameter; it declares: " + String.join(", ", declared.keySet().stream().map(String::valueOf).toList()));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        declared.forEach((key, declaration) -> {
            String name = String.valueOf(key);
            Map<?, ?> spec = declaration instanceof Map<?, ?> d ? d : Map.of();
            if (overrides.containsKey(name)) {
                values.put(name, checkedOverride(name, overrides.get(name), spec));
            } else if (spec.get("Default") != null) {
                Object defaultValue = spec.get("Default");
                values.put(name, defaultValue instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList()) : String.valueOf(defaultValue));
            }
        });
        return values;
    }

    private static String checkedOverride(String name, String value, Map<?, ?> spec) {
        if (spec.get("AllowedValues") instanceof List<?> allowed
                && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            throw new TemplateException("--parameter-overrides " + name + "=" + value + " is not one of its AllowedValues "
                    + allowed);
        }
        if (spec.get("AllowedPattern") != null) {
            String pattern = String.valueOf(spec.get("AllowedPattern"));
            try {
                if (!Pattern.matches(pattern, value)) {
                    throw new TemplateException("--parameter-overrides " + name + "=" + value
                            + " does not match its AllowedPattern " + pattern);
                }
            } catch (PatternSyntaxException notJavaSyntax) {
                // CloudFormation's regex dialect is Java's in practice; if not, CloudFormation will judge.
            }
        }
        if ("Number".equals(spec.get("Type")) && !value.matches("-?\\d+(\\.\\d+)?")) {
            throw new TemplateException("--parameter-overrides " + name + "=" + value + " must be a Number");
        }
        return value;
    }

    private static String required(Intrinsics intrinsics, Map<String, Object> properties, String property, String logicalId) {
        if (!properties.containsKey(property)) {
            throw new TemplateException(logicalId + " has no " + property + " (neither in its Properties nor in Globals.Function)");
        }
        return intrinsics.text(properties.get(property), logicalId + ".Properties." + property);
    }

    private static int integer(Intrinsics intrinsics, Map<String, Object> properties, String property, int otherwise, String where) {
        if (!properties.containsKey(property)) {
            return otherwise;
        }
        String text = intrinsics.text(properties.get(property), where + property);
        try {
            return (int) Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TemplateException(where + property + " must be a number, got '" + text + "'");
        }
    }

    /** sam's Globals rule: maps merge recursively, lists concatenate (globals first), the function's scalars win. */
    static Map<String, Object> merge(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> merged = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> {
            Object global = merged.get(key);
            if (global instanceof Map<?, ?> g && value instanceof Map<?, ?> o && !isIntrinsic(g) && !isIntrinsic(o)) {
                merged.put(key, merge(stringKeys(g), stringKeys(o)));
            } else if (global instanceof List<?> g && value instanceof List<?> o) {
                List<Object> both = new ArrayList<>(g);
                both.addAll(o);
                merged.put(key, both);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static boolean isIntrinsic(Map<?, ?> map) {
        if (map.size() != 1) {
            return false;
        }
        String key = String.valueOf(map.keySet().iterator().next());
        return key.equals("Ref") || key.startsWith("Fn::");
    }

    private Map<String, Object> resources() {
        return root.get("Resources") instanceof Map<?, ?> resources ? stringKeys(resources) : Map.of();
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }
}
