package link.buddyverse.ops.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.sam.CloudFormationYaml;
import link.buddyverse.ops.cli.sandbox.gap.MotoGaps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Gaps the Buddyverse templates do not exercise yet, on a small template: a secret moto's CloudFormation does not
 * know (created by the sandbox, its Ref submitted as the ARN), an alarm whose dimension needs an attribute of a
 * stack resource, and a resource type nothing fills, which must be reported rather than silently missing.
 */
class MotoGapsTest {

    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              Prefix: {Type: String, Default: Gap-}
            Resources:
              Token:
                Type: AWS::SecretsManager::Secret
                Properties:
                  Name: !Sub ${Prefix}slack
                  GenerateSecretString: {SecretStringTemplate: '{"kind":"bot"}', GenerateStringKey: token, PasswordLength: 20}
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                  KeySchema: [{AttributeName: pk, KeyType: HASH}]
                  Tags: [{Key: secret, Value: !Ref Token}]
              Busy:
                Type: AWS::CloudWatch::Alarm
                Properties:
                  AlarmName: !Sub ${Prefix}Busy
                  AlarmDescription: !Sub "throttled requests on ${Table.Arn}"
                  Namespace: AWS/DynamoDB
                  MetricName: ThrottledRequests
                  Dimensions: [{Name: TableName, Value: !Ref Table}]
                  Statistic: Maximum
                  Period: 60
                  EvaluationPeriods: 1
                  Threshold: 10
                  ComparisonOperator: GreaterThanThreshold
              Filter:
                Type: AWS::Logs::MetricFilter
                Properties:
                  LogGroupName: somewhere
                  FilterPattern: ERROR
                  MetricTransformations: [{MetricName: Errors, MetricNamespace: Gap, MetricValue: "1"}]
            Outputs:
              SecretArn: {Value: !Ref Token}
            """;

    @TempDir
    static Path dir;

    static Sandbox sandbox;
    static DeployedStack stack;

    @BeforeAll
    static void deploy() throws Exception {
        sandbox = Sandbox.start(System.getenv(), dir.resolve("sandbox"));
        Path template = Files.writeString(dir.resolve("gaps.yaml"), TEMPLATE);
        stack = new StackDeployer(sandbox.clients(), MotoGaps.all()).deploy("gaps", CloudFormationYaml.load(template), Map.of());
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aSecretIsCreatedByTheSandboxAndItsRefIsItsArn() throws Exception {
        SecretsManagerClient secrets = sandbox.clients().secretsManager();
        GetSecretValueResponse secret = secrets.getSecretValue(b -> b.secretId("Gap-slack"));
        Map<?, ?> value = (Map<?, ?>) Json.parse(secret.secretString());
        assertThat(value.get("kind")).isEqualTo("bot");
        assertThat(String.valueOf(value.get("token"))).hasSize(20);
        assertThat(stack.outputs()).containsEntry("SecretArn", secret.arn());
        String table = stack.physicalIds().get("Table");
        String tableArn = sandbox.clients().dynamoDb().describeTable(b -> b.tableName(table)).table().tableArn();
        assertThat(sandbox.clients().dynamoDb().listTagsOfResource(b -> b.resourceArn(tableArn)).tags())
                .anySatisfy(tag -> assertThat(tag.value()).isEqualTo(secret.arn()));
    }

    @Test
    void anAlarmIsCreatedAfterTheStackWithTheAttributesOfWhatTheStackCreated() {
        var alarms = sandbox.clients().cloudWatch().describeAlarms(b -> b.alarmNames("Gap-Busy")).metricAlarms();
        assertThat(alarms).hasSize(1);
        String table = stack.physicalIds().get("Table");
        assertThat(alarms.get(0).dimensions()).extracting(d -> d.name() + "=" + d.value()).containsExactly("TableName=" + table);
        assertThat(alarms.get(0).alarmDescription()).isEqualTo("throttled requests on arn:aws:dynamodb:ap-northeast-2:123456789012:table/" + table);
        assertThat(alarms.get(0).threshold()).isEqualTo(10.0);
    }

    @Test
    void aResourceMotoSkipsAndNoGapFillsIsReported() {
        assertThat(stack.skipped()).containsExactly("Filter (AWS::Logs::MetricFilter)");
        assertThat(stack.fills()).anySatisfy(line -> assertThat(line).startsWith("Token (AWS::SecretsManager::Secret)"))
                .anySatisfy(line -> assertThat(line).startsWith("Busy (AWS::CloudWatch::Alarm)"));
    }
}
