package link.buddyverse.ops.cli.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * Each function's Environment.Variables (Globals.Function's, then its own) resolved against the ops stack as the
 * sandbox created it: {@code OPS_STATE_TABLE: !Ref OpsStateTable} gives the table moto really named, and the
 * parameters have the values the stack took, and {@code Fn::ImportValue} gives the core stack's exports. Written as sam's {@code --env-vars}
 * file, so that {@code ./ops local invoke -n} runs a function against the sandbox exactly as deployed.
 *
 * @param variables  function logical id to its variables
 * @param unresolved what could not be resolved in the sandbox (left to {@code local invoke}'s own resolution)
 */
public record FunctionEnvironments(Map<String, Map<String, String>> variables, List<String> unresolved) {

    /** @param exports the sandbox's exports, which the template imports (the core stack's) */
    public static FunctionEnvironments resolve(Map<String, Object> samTemplate, DeployedStack ops, String region,
                                               Map<String, String> exports) {
        StackValues values = new StackValues(samTemplate, ops.parameters(), ops.name(), region, SandboxClients.ACCOUNT_ID)
                .exports(exports);
        ops.physicalIds().forEach(values::resolve);
        Map<String, Object> resources = TemplateJson.map(samTemplate, "Resources");
        StackDeployer.recordAttributes(values, resources, ops.physicalIds());
        Map<String, Object> globals = TemplateJson.map(TemplateJson.map(TemplateJson.map(
                TemplateJson.map(samTemplate, "Globals"), "Function"), "Environment"), "Variables");
        Map<String, Map<String, String>> variables = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        resources.forEach((id, resource) -> {
            Map<String, Object> declaration = TemplateJson.copy(TemplateJson.map(Map.of("r", resource), "r"));
            if (!"AWS::Serverless::Function".equals(declaration.get("Type"))) {
                return;
            }
            Map<String, Object> merged = new LinkedHashMap<>(globals);
            merged.putAll(TemplateJson.map(TemplateJson.map(TemplateJson.map(declaration, "Properties"), "Environment"), "Variables"));
            Map<String, String> resolved = new LinkedHashMap<>();
            merged.forEach((name, value) -> {
                try {
                    Object evaluated = values.evaluate(value);
                    if (evaluated != StackValues.NO_VALUE) {
                        resolved.put(name, values.text(evaluated));
                    }
                } catch (StackValues.Unresolved e) {
                    unresolved.add(id + " " + name + ": " + e.getMessage());
                }
            });
            variables.put(id, resolved);
        });
        return new FunctionEnvironments(variables, unresolved);
    }

    /** sam's --env-vars format: {"LogicalId": {"VAR": "value"}}, with {@code overrides} on top for every function. */
    public String envVarsJson(Map<String, String> overrides) {
        Map<String, Object> file = new LinkedHashMap<>();
        variables.forEach((function, vars) -> {
            Map<String, String> merged = new LinkedHashMap<>(vars);
            overrides.forEach((name, value) -> {
                if (merged.containsKey(name)) {
                    merged.put(name, value);
                }
            });
            file.put(function, merged);
        });
        return TemplateJson.write(file);
    }
}
