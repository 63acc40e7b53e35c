package link.buddyverse.ops.cli.sandbox;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import link.buddyverse.ops.sam.CloudFormationYaml;
import link.buddyverse.ops.cli.sandbox.gap.MotoGaps;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * What the sandbox holds: the core stack (core/template.yaml, with its defaults) and, beside it, the ops stack's
 * own state (template.yaml without its functions), which imports the core stack's exports by its CoreStackName
 * parameter, as a user deploying both does.
 *
 * @param core      the core stack as deployed
 * @param ops       the ops stack's state as deployed
 * @param opsState  what of template.yaml was deployed and what was left out
 * @param functions each function's environment resolved against the sandbox
 */
public record SandboxStacks(DeployedStack core, DeployedStack ops, OpsStateTemplate opsState, FunctionEnvironments functions) {

    public static final String CORE_STACK = "buddyverse-core";
    public static final String OPS_STACK = "buddyverse-ops";
    /** template.yaml's parameter naming the core stack whose exports it imports. */
    public static final String CORE_STACK_PARAMETER = "CoreStackName";

    public static SandboxStacks deploy(SandboxClients clients, Path projectRoot) {
        StackDeployer deployer = new StackDeployer(clients, MotoGaps.all());
        Map<String, Object> coreTemplate = CloudFormationYaml.load(projectRoot.resolve("core/template.yaml"));
        DeployedStack core = deployer.deploy(CORE_STACK, coreTemplate, Map.of());

        Map<String, Object> samTemplate = CloudFormationYaml.load(projectRoot.resolve("template.yaml"));
        OpsStateTemplate opsState = OpsStateTemplate.from(samTemplate);
        // The one core parameter: everything else is imported from the core stack's exports, as in AWS.
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(CORE_STACK_PARAMETER, CORE_STACK);
        DeployedStack ops = deployer.deploy(OPS_STACK, opsState.template(), parameters);
        FunctionEnvironments functions = FunctionEnvironments.resolve(samTemplate, ops, clients.region(),
                StackDeployer.exports(clients));
        return new SandboxStacks(core, ops, opsState, functions);
    }
}
