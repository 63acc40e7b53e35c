package link.buddyverse.ops.localaws;

import java.util.Locale;
import java.util.Map;

/**
 * Service names as the gateway records them and as {@link Faults#on} takes them: the SDK's module names
 * ({@code dynamodb}, {@code autoscaling}, {@code cloudwatch}, {@code elasticloadbalancingv2}, {@code efs},
 * {@code eventbridge}, {@code ssm}...). SigV4 signing names ({@code monitoring}, {@code elasticfilesystem},
 * {@code events}, {@code elasticloadbalancing}) and a few short forms ({@code elbv2}, {@code asg}) mean the same.
 */
public final class Services {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("monitoring", "cloudwatch"),
            Map.entry("elasticfilesystem", "efs"),
            Map.entry("events", "eventbridge"),
            Map.entry("elasticloadbalancing", "elasticloadbalancingv2"),
            Map.entry("elbv2", "elasticloadbalancingv2"),
            Map.entry("asg", "autoscaling"),
            Map.entry("email", "ses"));

    /** JSON protocols' X-Amz-Target prefixes, for requests that carry no SigV4 credential scope. */
    private static final Map<String, String> TARGET_PREFIXES = Map.ofEntries(
            Map.entry("DynamoDB_20120810", "dynamodb"),
            Map.entry("AmazonSSM", "ssm"),
            Map.entry("AWSEvents", "eventbridge"),
            Map.entry("GraniteServiceVersion20100801", "cloudwatch"),
            Map.entry("secretsmanager", "secretsmanager"),
            Map.entry("CertificateManager", "acm"),
            Map.entry("AmazonSQS", "sqs"),
            Map.entry("Logs_20140328", "logs"),
            Map.entry("AWSLambda", "lambda"));

    private Services() {
    }

    public static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(lower, lower);
    }

    static String fromTargetPrefix(String prefix) {
        return TARGET_PREFIXES.get(prefix);
    }

    /** The SigV4 signing name moto routes on, for the gateway's own calls to moto. */
    static String signingName(String service) {
        return switch (canonical(service)) {
            case "cloudwatch" -> "monitoring";
            case "efs" -> "elasticfilesystem";
            case "eventbridge" -> "events";
            case "elasticloadbalancingv2" -> "elasticloadbalancing";
            default -> canonical(service);
        };
    }
}
