package link.buddyverse.ops.sam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exports of the core stack (core/template.yaml beside the SAM template) with no stack behind them, for
 * {@code Fn::ImportValue} in a local run: an export named {@code ${AWS::StackName}-X} answers an import of
 * {@code <name>-X}, its value resolved as {@link LocalResources} resolves the core template (a Ref gives the
 * resource's name property: {@code Buddy-AutoScaling-Group}; what only AWS knows, a placeholder and a warning).
 * Against the sandbox, the values read back from the deployed stack win ({@code -n .ops/sandbox/env.json}).
 */
final class LocalExports {

    private static final String STACK_SENTINEL = "\u0000stack\u0000";

    private final Path coreTemplate;
    private Map<String, Object> core;

    private LocalExports(Path coreTemplate) {
        this.coreTemplate = coreTemplate;
    }

    static LocalExports beside(Path samTemplate) {
        Path directory = samTemplate.toAbsolutePath().getParent();
        return new LocalExports(directory == null ? Path.of("core/template.yaml") : directory.resolve("core/template.yaml"));
    }

    /** The export's value, or null when the core template has no such export (or is not there). */
    Object value(String exportName, StackContext stack, List<String> warnings) {
        if (core == null) {
            if (!Files.isRegularFile(coreTemplate)) {
                return null;
            }
            core = CloudFormationYaml.load(coreTemplate);
        }
        Map<String, String> defaults = defaults(core);
        if (!(core.get("Outputs") instanceof Map<?, ?> outputs)) {
            return null;
        }
        for (Object declaration : outputs.values()) {
            if (!(declaration instanceof Map<?, ?> output) || !(output.get("Export") instanceof Map<?, ?> export)) {
                continue;
            }
            Intrinsics naming = new Intrinsics(core, defaults,
                    new StackContext(stack.region(), stack.accountId(), STACK_SENTINEL, stack.partition()), new LocalResources(warnings));
            String name = naming.text(export.get("Name"), "an export name of " + coreTemplate);
            Matcher match = Pattern.compile(Pattern.quote(name).replace(STACK_SENTINEL, "\\E(.+)\\Q")).matcher(exportName);
            if (match.matches()) {
                String stackName = match.groupCount() > 0 ? match.group(1) : stack.stackName();
                return new Intrinsics(core, defaults, new StackContext(stack.region(), stack.accountId(), stackName, stack.partition()),
                        new LocalResources(warnings)).evaluate(output.get("Value"));
            }
        }
        return null;
    }

    private static Map<String, String> defaults(Map<String, Object> template) {
        Map<String, String> values = new LinkedHashMap<>();
        if (template.get("Parameters") instanceof Map<?, ?> parameters) {
            parameters.forEach((name, declaration) -> {
                if (declaration instanceof Map<?, ?> d && d.get("Default") != null) {
                    values.put(String.valueOf(name), String.valueOf(d.get("Default")));
                }
            });
        }
        return values;
    }
}
