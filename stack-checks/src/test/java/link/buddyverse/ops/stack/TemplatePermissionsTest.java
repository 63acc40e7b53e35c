package link.buddyverse.ops.stack;

import static link.buddyverse.ops.stack.TemplateFixture.list;
import static link.buddyverse.ops.stack.TemplateFixture.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Least privilege checked against the code, for every function: its policy in template.yaml grants each AWS
 * call that the beans of its context declare ({@code CallsAws}: executors, observers, the kit's stores), and no
 * call that changes AWS which none of them declares; mutations are scoped to named resources, never behind an
 * {@code ...IfExists} condition; Run Command reaches only the group's instances; each function touches only its own
 * state keys ({@code dynamodb:LeadingKeys}); the deployed notifier has no plain-text Slack override.
 */
class TemplatePermissionsTest {

    private static final TemplateFixture TEMPLATE = TemplateFixture.load();
    private static final String SCALING_TUNER = "ScalingTunerFunction";
    private static final String WEB_TIER_GROUP = "arn:aws:autoscaling:" + TemplateFixture.REGION + ":"
            + TemplateFixture.ACCOUNT + ":autoScalingGroup:*:autoScalingGroupName/Buddy-AutoScaling-Group";
    /**
     * Calls that read: granted without a declaration costing anything, never a mutation. kms:Decrypt reads too (the
     * Slack secret's key, which Secrets Manager uses on the notifier's behalf: no code of ours calls KMS).
     */
    private static final Pattern READ_ONLY = Pattern.compile("[a-z0-9-]+:(Describe|Get|List|BatchGet|Query)[A-Za-z]*|kms:Decrypt");

    /** Each function's deployment jar (built before this module) and its handler class. */
    private static final Map<String, String[]> FUNCTIONS = Map.of(
            SCALING_TUNER, new String[] {"scaling-tuner", "link.buddyverse.ops.scaling.ScalingTunerHandler"},
            "IncidentNotifierFunction", new String[] {"incident-notifier", "link.buddyverse.ops.incident.IncidentNotifierHandler"},
            "EfsGuardFunction", new String[] {"efs-guard", "link.buddyverse.ops.efs.EfsGuardHandler"},
            "DashboardSyncFunction", new String[] {"dashboard-sync", "link.buddyverse.ops.dashboard.DashboardSyncHandler"},
            "LifecycleHookFunction", new String[] {"lifecycle-hook", "link.buddyverse.ops.lifecycle.LifecycleHookHandler"},
            "ReplicaRotatorFunction", new String[] {"replica-rotator", "link.buddyverse.ops.replica.ReplicaRotatorHandler"});
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @BeforeAll
    static void noAwsNeeded() {
        // Building a context builds its clients, which need a region; declaring permissions calls nothing.
        System.setProperty("aws.region", TemplateFixture.REGION);
    }

    @AfterAll
    static void restore() {
        System.clearProperty("aws.region");
    }

    static Stream<Arguments> functions() {
        return FUNCTIONS.keySet().stream().sorted().map(Arguments::of);
    }

    @Test
    void everyFunctionOfTheTemplateIsChecked() {
        assertThat(FUNCTIONS.keySet()).containsExactlyInAnyOrderElementsOf(TEMPLATE.functions().keySet());
    }

    /**
     * Every AWS call the function's code declares: the {@code CallsAws} beans of the context its own deployment
     * jar builds, alone in a class loader as on Lambda (so no other function's beans are on its classpath).
     */
    static Set<String> declaredCalls(String function) {
        String[] spec = FUNCTIONS.get(function);
        Path jar = PROJECT.resolve("functions/" + spec[0] + "/target/" + spec[0] + ".jar");
        assertThat(jar).as("the deployment jar of %s", function).exists();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Object handler = loader.loadClass(spec[1]).getConstructor().newInstance();
            Object context = handler.getClass().getMethod("getApplicationContext").invoke(handler);
            try {
                Class<?> callsAws = loader.loadClass("link.buddyverse.ops.kit.aws.CallsAws");
                Collection<?> beans = (Collection<?>) context.getClass().getMethod("getBeansOfType", Class.class)
                        .invoke(context, callsAws);
                Set<String> calls = new TreeSet<>();
                for (Object bean : beans) {
                    ((List<?>) callsAws.getMethod("iamActions").invoke(bean)).forEach(call -> calls.add(String.valueOf(call)));
                }
                return calls;
            } finally {
                context.getClass().getMethod("close").invoke(context);
            }
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("could not read the declared AWS calls of " + function + " from " + jar, e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyFunctionMayMakeEveryCallItsCodeDeclares(String function) {
        Set<String> declared = declaredCalls(function);

        assertThat(declared).as("AWS calls declared by %s", function).isNotEmpty();
        for (String action : declared) {
            assertThat(statementsAllowing(function, action).isEmpty() && !grantedByPolicyTemplate(function, action))
                    .as("%s calls %s: its policy must grant it", function, action).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void noFunctionMayChangeAnythingItsCodeDoesNotDeclare(String function) {
        Set<String> declared = declaredCalls(function);

        statements(function).stream().flatMap(statement -> actions(statement).stream())
                .filter(granted -> !READ_ONLY.matcher(granted).matches())
                .forEach(granted -> assertThat(declared.stream().anyMatch(action -> covers(granted, action)))
                        .as("%s is granted %s, which none of its code calls", function, granted).isTrue());
    }

    @Test
    void scalingTunerChangesOnlyTheWebTierGroup() {
        for (String action : List.of("autoscaling:SetDesiredCapacity", "autoscaling:UpdateAutoScalingGroup",
                "autoscaling:SetInstanceHealth")) {
            List<Map<String, Object>> granting = statementsAllowing(SCALING_TUNER, action);

            assertThat(granting).as("statements of %s allowing %s", SCALING_TUNER, action).isNotEmpty();
            for (Map<String, Object> statement : granting) {
                assertThat(resources(statement)).as("resources %s may call %s on", SCALING_TUNER, action)
                        .containsOnly(WEB_TIER_GROUP);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyFunctionKeepsItsStateOnlyInTheStateTable(String function) {
        statements(function).stream()
                .filter(statement -> actions(statement).stream().anyMatch(action -> action.startsWith("dynamodb:")))
                .forEach(statement -> assertThat(resources(statement)).as("tables %s may use", function)
                        .allMatch(resource -> resource.startsWith("{GetAtt OpsStateTable.Arn}")));
    }

    @Test
    void noFunctionMayChangeAnythingOnEveryResource() {
        TEMPLATE.functions().keySet().forEach(function -> statements(function).stream()
                .filter(statement -> resources(statement).contains("*"))
                .forEach(statement -> assertThat(actions(statement))
                        .as("actions %s may take on every resource (%s)", function, statement.get("Sid"))
                        .allMatch(action -> READ_ONLY.matcher(action).matches())));
    }

    @Test
    void noIfExistsConditionGuardsAMutation() {
        TEMPLATE.functions().keySet().forEach(function -> statements(function).stream()
                .filter(statement -> actions(statement).stream().anyMatch(action -> !READ_ONLY.matcher(action).matches()))
                .forEach(statement -> assertThat(map(statement.get("Condition")).keySet())
                        .as("condition operators of %s's statement %s, which allows %s: an ...IfExists operator lets a"
                                + " resource without the key through", function, statement.get("Sid"), actions(statement))
                        .noneMatch(operator -> operator.endsWith("IfExists"))));
    }

    @Test
    void runCommandReachesOnlyInstancesTaggedWithTheGroupAndOnlyWithTheShellScriptDocument() {
        List<Map<String, Object>> granting = TEMPLATE.functions().keySet().stream()
                .flatMap(function -> statementsAllowing(function, "ssm:SendCommand").stream()).toList();
        assertThat(granting).as("statements allowing ssm:SendCommand").hasSize(2);
        for (Map<String, Object> statement : granting) {
            List<String> resources = resources(statement);
            assertThat(actions(statement)).containsExactly("ssm:SendCommand");
            if (resources.stream().anyMatch(r -> r.contains(":instance/"))) {
                assertThat(resources).containsExactly("arn:aws:ec2:" + TemplateFixture.REGION + ":" + TemplateFixture.ACCOUNT + ":instance/*");
                assertThat(map(statement.get("Condition")))
                        .as("the instances statement's condition: a positive match on the group's tag")
                        .containsOnlyKeys("StringEquals");
                assertThat(TEMPLATE.resolve(map(statement.get("Condition")).get("StringEquals")))
                        .isEqualTo(Map.of("aws:ResourceTag/aws:autoscaling:groupName", "Buddy-AutoScaling-Group"));
            } else {
                assertThat(resources).containsExactly("arn:aws:ssm:" + TemplateFixture.REGION + "::document/AWS-RunShellScript");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyFunctionReadsAndWritesOnlyItsOwnStateKeys(String function) {
        List<Map<String, Object>> onItems = statements(function).stream()
                .filter(statement -> actions(statement).stream().anyMatch(action -> action.matches(
                        "dynamodb:(GetItem|BatchGetItem|PutItem|UpdateItem|DeleteItem|BatchWriteItem)")))
                .toList();
        assertThat(onItems).as("%s's statements on the table's items", function).isNotEmpty();
        for (Map<String, Object> statement : onItems) {
            Map<String, Object> condition = map(map(statement.get("Condition")).get("ForAllValues:StringLike"));
            List<String> prefixes = list(TEMPLATE.resolve(condition.get("dynamodb:LeadingKeys"))).stream().map(String::valueOf).toList();
            assertThat(prefixes).as("the keys %s may touch (%s)", function, statement.get("Sid")).isNotEmpty()
                    .allSatisfy(key -> assertThat(key).matches("(event|lock|lease|memory|incident|incident-of|outbox|storm)#.+"))
                    .doesNotContain("*").contains("event#" + function + "#*");
            // No key of another function's claims or memory.
            prefixes.stream().filter(key -> key.startsWith("event#") || key.startsWith("memory#"))
                    .forEach(key -> assertThat(key).as("%s may touch", function).matches("(event|memory)#" + function + "#\\*"));
        }
    }

    @Test
    void noTwoFunctionsMayTakeTheSameLock() {
        Map<String, String> owners = new java.util.HashMap<>();
        for (String function : TEMPLATE.functions().keySet()) {
            for (Map<String, Object> statement : statements(function)) {
                Object keys = map(map(statement.get("Condition")).get("ForAllValues:StringLike")).get("dynamodb:LeadingKeys");
                for (Object key : list(TEMPLATE.resolve(keys))) {
                    String text = String.valueOf(key);
                    if (text.startsWith("lock#") || text.startsWith("lease#")) {
                        String other = owners.putIfAbsent(text, function);
                        assertThat(other == null || other.equals(function)).as("%s is %s's and %s's", text, other, function).isTrue();
                    }
                }
            }
        }
        assertThat(owners).containsKeys("lock#Buddy-AutoScaling-Group", "lease#Buddy-AutoScaling-Group", "lock#lifecycle:*");
    }

    @Test
    void theSlackSecretsKeyIsDecryptedOnlyThroughSecretsManagerAndOnlyWhenGiven() {
        Map<String, Object> statement = statements("IncidentNotifierFunction").stream()
                .filter(s -> actions(s).contains("kms:Decrypt")).findFirst().orElseThrow();
        assertThat(statement.get("Resource")).isEqualTo(Map.of("Ref", "SlackSecretKmsKeyArn"));
        assertThat(TEMPLATE.resolve(map(statement.get("Condition")).get("StringEquals")))
                .isEqualTo(Map.of("kms:ViaService", "secretsmanager." + TemplateFixture.REGION + ".amazonaws.com"));
        assertThat(String.valueOf(list(TEMPLATE.properties("IncidentNotifierFunction").get("Policies")))).contains("HasSlackSecretKmsKey");
    }

    @Test
    void theDeployedNotifierHasNoPlainTextSlackOverride() {
        Map<String, Object> variables = map(map(TEMPLATE.properties("IncidentNotifierFunction").get("Environment")).get("Variables"));
        for (String name : List.of("SLACK_BOT_TOKEN", "SLACK_WEBHOOK_URL", "SLACK_API_URL")) {
            assertThat(variables.get(name)).as("%s in the deployed template", name)
                    .isEqualTo(Map.of("Fn::If", List.of("RunsLocally", "", Map.of("Ref", "AWS::NoValue"))));
        }
        assertThat(String.valueOf(map(TEMPLATE.template().get("Conditions")).get("RunsLocally")))
                .contains("AWS::AccountId").contains("123456789012");
    }

    /** SAM policy templates the template uses, and the one call each grants that our code makes. */
    private static boolean grantedByPolicyTemplate(String function, String action) {
        for (Object policy : list(TEMPLATE.properties(function).get("Policies"))) {
            if (policy instanceof Map<?, ?> document && document.containsKey("EventBridgePutEventsPolicy")
                    && action.equals("events:PutEvents")) {
                return true;
            }
            if (policy instanceof Map<?, ?> document && document.containsKey("SQSSendMessagePolicy")
                    && action.equals("sqs:SendMessage")) {
                return true;
            }
        }
        return false;
    }

    /** The function's inline policy statements (SAM policy templates and managed policies are not inline). */
    private static List<Map<String, Object>> statements(String function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(TEMPLATE.properties(function).get("Policies"))) {
            if (policy instanceof Map<?, ?> document && document.containsKey("Statement")) {
                for (Object statement : list(document.get("Statement"))) {
                    // A statement under a condition (Fn::If [Condition, statement, AWS::NoValue]) counts as granted.
                    Object granted = map(statement).containsKey("Fn::If") ? list(map(statement).get("Fn::If")).get(1) : statement;
                    statements.add(map(granted));
                }
            }
        }
        return statements;
    }

    private static List<Map<String, Object>> statementsAllowing(String function, String action) {
        return statements(function).stream()
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .filter(statement -> actions(statement).stream().anyMatch(granted -> covers(granted, action)))
                .toList();
    }

    private static List<String> actions(Map<String, Object> statement) {
        return list(statement.get("Action")).stream().map(String::valueOf).toList();
    }

    private static List<String> resources(Map<String, Object> statement) {
        return list(statement.get("Resource")).stream().map(TEMPLATE::resolveString).toList();
    }

    /** IAM matches actions case-insensitively, with * and ? wildcards. */
    private static boolean covers(String granted, String action) {
        String regex = Pattern.quote(granted).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches();
    }
}
