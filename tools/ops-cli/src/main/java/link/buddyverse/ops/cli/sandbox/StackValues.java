package link.buddyverse.ops.cli.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import link.buddyverse.ops.sam.Intrinsics;
import link.buddyverse.ops.sam.StackContext;
import link.buddyverse.ops.sam.TemplateException;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * One deployment of a template in the sandbox, as the CLI's one intrinsic evaluator ({@link Intrinsics}) sees it:
 * parameters have the values the stack was given, and {@code Ref}/{@code Fn::GetAtt} of a resource give what the
 * sandbox really created ({@link #resolve}, {@link #resolveAttribute}), not a guess. Used where the sandbox itself
 * must create what moto's CloudFormation cannot (see {@code MotoGap}); unlike {@code sam.LocalResources}, which
 * stands in for a stack that does not exist, a reference to a resource not created yet, or anything the evaluator
 * cannot evaluate, is {@link Unresolved} here.
 */
public final class StackValues implements Intrinsics.ResourceResolver {

    /** {@code AWS::NoValue}: the enclosing property or list item disappears. */
    public static final Object NO_VALUE = Intrinsics.NO_VALUE;

    /** A reference to something this deployment does not know (yet). */
    public static final class Unresolved extends RuntimeException {
        Unresolved(String message) {
            super(message);
        }

        Unresolved(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, Object> template;
    private final Map<String, String> parameters;
    private final String stackName;
    private final String region;
    private final String accountId;
    private final Intrinsics intrinsics;
    /** Logical id to what a Ref of it gives. */
    private final Map<String, Object> resolved = new LinkedHashMap<>();
    /** "LogicalId.Attribute" to what a GetAtt of it gives. */
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    /** The exports of the stacks deployed before this one, by name: what Fn::ImportValue gives. */
    private final Map<String, String> exports = new LinkedHashMap<>();

    /**
     * @param parameters the values given for the stack's parameters; declared defaults fill the rest
     */
    public StackValues(Map<String, Object> template, Map<String, String> parameters, String stackName, String region,
                       String accountId) {
        this.template = template;
        this.stackName = stackName;
        this.region = region;
        this.accountId = accountId;
        this.parameters = new LinkedHashMap<>();
        TemplateJson.map(template, "Parameters").forEach((name, declaration) -> {
            Object fallback = declaration instanceof Map<?, ?> d ? d.get("Default") : null;
            String value = parameters.containsKey(name) ? parameters.get(name)
                    : fallback instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : fallback == null ? null : String.valueOf(fallback);
            if (value != null) {
                this.parameters.put(name, value);
            }
        });
        this.intrinsics = new Intrinsics(template, this.parameters, new StackContext(region, accountId, stackName, "aws"), this);
    }

    public String stackName() {
        return stackName;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Map<String, String> parameters() {
        return Map.copyOf(parameters);
    }

    /** What {@code Ref logicalId} gives from now on. */
    public void resolve(String logicalId, Object refValue) {
        resolved.put(logicalId, refValue);
    }

    /** What {@code Fn::GetAtt [logicalId, attribute]} gives from now on. */
    public void resolveAttribute(String logicalId, String attribute, Object value) {
        attributes.put(logicalId + "." + attribute, value);
    }

    /** What {@code Fn::ImportValue} gives from now on: the sandbox's exports (CloudFormation ListExports). */
    public StackValues exports(Map<String, String> values) {
        exports.putAll(values);
        return this;
    }

    /** Whether the resource's Condition (if any) holds, i.e. whether CloudFormation creates it at all. */
    public boolean isCreated(String logicalId) {
        Object condition = TemplateJson.map(TemplateJson.map(template, "Resources"), logicalId).get("Condition");
        return condition == null || condition(String.valueOf(condition));
    }

    public Object evaluate(Object value) {
        return unresolvedOnFailure(() -> intrinsics.evaluate(value));
    }

    /** A scalar property as text (numbers and booleans as CloudFormation passes them to string properties). */
    public String text(Object value) {
        return unresolvedOnFailure(() -> intrinsics.text(value, "the value"));
    }

    public boolean condition(String name) {
        return unresolvedOnFailure(() -> intrinsics.namedCondition(name));
    }

    @Override
    public Object ref(String logicalId, Intrinsics evaluator) {
        if (resolved.containsKey(logicalId)) {
            return resolved.get(logicalId);
        }
        throw new Unresolved("Ref " + logicalId + ": the resource is not created (yet)");
    }

    @Override
    public Object attribute(String logicalId, String attribute, Intrinsics evaluator) {
        Object value = attributes.get(logicalId + "." + attribute);
        if (value != null) {
            return value;
        }
        throw new Unresolved("Fn::GetAtt " + logicalId + "." + attribute + " is not known to the sandbox");
    }

    @Override
    public Object importValue(String exportName, Intrinsics evaluator) {
        if (exports.containsKey(exportName)) {
            return exports.get(exportName);
        }
        return unknowable("Fn::ImportValue " + exportName + " (no stack of the sandbox exports it)", exportName);
    }

    @Override
    public Object unknowable(String what, String placeholder) {
        throw new Unresolved(what + " is not evaluated by the sandbox");
    }

    /** The evaluator's own failures (a parameter without a value, a malformed function) are Unresolved here too. */
    private static <T> T unresolvedOnFailure(Supplier<T> evaluation) {
        try {
            return evaluation.get();
        } catch (TemplateException e) {
            throw new Unresolved(e.getMessage(), e);
        }
    }
}
