package link.buddyverse.ops.cli.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.sam.EnvVarsFile;
import link.buddyverse.ops.cli.sam.FunctionEnvironment;
import link.buddyverse.ops.sam.FunctionSpec;
import link.buddyverse.ops.cli.sam.ParameterOverrides;
import link.buddyverse.ops.sam.SamTemplate;
import link.buddyverse.ops.sam.StackContext;
import link.buddyverse.ops.locallambda.LambdaContainer;

/**
 * What {@code ./ops local invoke} works out before a function runs, whether in a cold container of its own or in
 * a warm one ({@link WarmLambdas}; both are local-lambda's {@link LambdaContainer}): the function in template.yaml, its environment (template, shell, env-vars
 * file, dry-run) and the AWS it talks to.
 */
public record FunctionSetup(FunctionSpec function, Map<String, String> containerEnvironment, AwsTarget aws) {

    /**
     * @param logicalId the function, or null when the template has only one
     * @param envVars   sam's env-vars file, or null
     * @param err       where warnings go (a variable the template does not declare, ...)
     */
    public static FunctionSetup prepare(OpsCli ops, Path template, String logicalId, List<String> parameterOverrides, Path envVars,
                                        boolean dryRun, PrintWriter err) {
        Map<String, String> shell = ops.environment();
        AwsTarget aws = AwsTarget.from(shell, ops.home());
        SamTemplate sam = SamTemplate.load(template);
        String id = logicalId == null ? sam.onlyFunction() : logicalId;
        FunctionSpec function = sam.function(id, ParameterOverrides.parse(parameterOverrides), StackContext.local(aws.region()));
        function.warnings().forEach(warning -> err.println("ops: warning: " + warning));
        EnvVarsFile envVarsFile = envVars == null ? EnvVarsFile.NONE : EnvVarsFile.read(envVars);
        Map<String, String> functionEnvironment = FunctionEnvironment.resolve(function, shell, envVarsFile, dryRun,
                warning -> err.println("ops: warning: " + warning));
        return new FunctionSetup(function, LocalInvokeCommand.containerEnvironment(function, functionEnvironment, aws, shell), aws);
    }

    /**
     * Checks that AWS answers and the function is built, creates the ops state table in a local AWS when it is
     * missing (as the stack would have), and returns the function's deployment jar.
     */
    public Path readyToRun(PrintWriter err) {
        aws.check();
        Path jar = DeploymentJar.locate(function.codeUri(), function.logicalId());
        if (aws.isLoopback()) {
            LocalStateTable.ensure(aws, containerEnvironment.getOrDefault("OPS_STATE_TABLE", "OpsState"), err);
        }
        return jar;
    }

    /** The function as its Lambda container runs it: handler, deployment jar, Timeout, environment, a heap from MemorySize. */
    public LambdaContainer.Function lambda(Path jar) {
        return new LambdaContainer.Function(function.functionName(), function.handler(), jar, function.timeoutSeconds(),
                containerEnvironment, LambdaContainer.lambdaJvmOptions(function.memorySize()));
    }

    /** "ScalingTunerFunction (handler, 512 MB, 30 s) against http://127.0.0.1:4566 in ap-northeast-2[, dry run]". */
    public String describe() {
        return function.logicalId() + " (" + function.handler() + ", " + function.memorySize() + " MB, " + function.timeoutSeconds()
                + " s) against " + aws.endpoint().map(Object::toString).orElse("your AWS account") + " in " + aws.region()
                + ("true".equals(containerEnvironment.get(FunctionEnvironment.DRY_RUN)) ? ", dry run" : "");
    }
}
