package link.buddyverse.ops.kit.handler;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import io.micronaut.function.aws.MicronautLambdaContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.micronaut.json.tree.JsonNode;
import java.util.List;
import java.util.function.Supplier;
import link.buddyverse.ops.kit.result.OpsResult;
import org.crac.Core;
import org.crac.Resource;

/**
 * Base of every function's Lambda handler, which is this class and nothing else:
 * {@code public class ScalingTunerHandler extends OpsRequestHandler {}}. Lambda calls the no-argument
 * constructor once per container, which builds the context (the AWS clients among it) and registers the kit's
 * {@link Priming} with the CRaC context, so SnapStart snapshots a warmed function. The function's decisions
 * are the one {@link OpsFunction} bean of the context.
 *
 * <p>The input stays a JSON tree so that a malformed event becomes a structured "rejected" result instead of a
 * deserialisation error; a {@code null} input (a direct invoke with no payload) is rejected the same way,
 * before Micronaut's conversion sees it.
 */
public abstract class OpsRequestHandler extends MicronautRequestHandler<JsonNode, OpsResult> {

    // Tests and tools build a handler with their own properties through withContext(): Lambda's no-argument
    // constructor is the only one a handler has, so the builder reaches it through this slot.
    private static final ThreadLocal<ApplicationContextBuilder> NEXT_CONTEXT = new ThreadLocal<>();

    // Looked up rather than injected: a handler subclass carries no annotation, so Micronaut generates no
    // injection for it.
    private final EventSkeleton skeleton;
    private final OpsFunction function;
    private final List<Resource> snapStartResources;

    protected OpsRequestHandler() {
        super();
        this.skeleton = getApplicationContext().getBean(EventSkeleton.class);
        this.function = getApplicationContext().getBean(OpsFunction.class);
        this.snapStartResources = List.of(getApplicationContext().getBean(Priming.class));
        if (NEXT_CONTEXT.get() == null) {
            snapStartResources.forEach(Core.getGlobalContext()::register);
        }
    }

    /**
     * What this handler registers with CRaC's global context on Lambda (in order): SnapStart runs their
     * {@code beforeCheckpoint} before the snapshot and {@code afterRestore}, in reverse order, after each restore.
     * Tests run the same path on a JVM without CRaC (the kit's test support, {@code SnapStartCheck}).
     */
    public List<Resource> snapStartResources() {
        return snapStartResources;
    }

    /** Builds a handler (as Lambda would, through its no-argument constructor) on the given context builder. */
    public static <H extends OpsRequestHandler> H withContext(ApplicationContextBuilder builder, Supplier<H> constructor) {
        NEXT_CONTEXT.set(builder);
        try {
            return constructor.get();
        } finally {
            NEXT_CONTEXT.remove();
        }
    }

    /**
     * Lambda's context: micronaut-function-aws' builder creates every singleton at start-up (eager init), which
     * suits an init that no request waits for (SnapStart's snapshot, provisioned concurrency) but costs an on-demand
     * cold start the beans its first event does not need (about 75 of 110: serdes of types no event carries, the
     * notifier's Secrets Manager client, Micronaut's own). So eager only where Lambda says init is off the request
     * path ({@code AWS_LAMBDA_INITIALIZATION_TYPE}); on demand (and in {@code sam local}) the handler's own graph is
     * built and the rest when first asked for.
     */
    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        ApplicationContextBuilder given = NEXT_CONTEXT.get();
        if (given != null) {
            return given;
        }
        return initIsOffTheRequestPath(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE")) ? super.newApplicationContextBuilder()
                : ApplicationContext.builder().environments(Environment.FUNCTION, MicronautLambdaContext.ENVIRONMENT_LAMBDA);
    }

    /** SnapStart ({@code snap-start}) and provisioned concurrency run init before any request; on-demand does not. */
    static boolean initIsOffTheRequestPath(String initializationType) {
        return "snap-start".equals(initializationType) || "provisioned-concurrency".equals(initializationType);
    }

    @Override
    protected JsonNode convertInput(Object input) {
        if (input == null) {
            return JsonNode.nullNode();
        }
        try {
            return super.convertInput(input);
        } catch (RuntimeException notJson) {
            return JsonNode.createStringNode(String.valueOf(input));
        }
    }

    @Override
    public OpsResult execute(JsonNode input) {
        return skeleton.run(input, function);
    }

    /** The function's decisions, for tests and tools. */
    public OpsFunction function() {
        return function;
    }
}
