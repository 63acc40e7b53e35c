package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.efs.EfsClient;

/** Each fault kind, as the real SDK client sees it (with its own retries). */
@ExtendWith(LocalMoto.class)
class FaultsTest {

    @Test
    void throttlingOfAJsonProtocolCallIsThrottlingToTheSdkWhichRetriesIt(Gateway gateway) {
        try (DynamoDbClient dynamo = Clients.of(DynamoDbClient.builder(), gateway)) {
            gateway.faults().on("dynamodb", "ListTables").throttle().nextCalls(2);
            assertThat(dynamo.listTables().tableNames()).isEmpty();   // third attempt passes
            assertThat(gateway.calls().of("dynamodb", "ListTables")).extracting(Call::status).containsExactly(400, 400, 200);

            gateway.faults().on("dynamodb", "ListTables").throttle().always();
            // DynamoDB's own retry policy makes 9 attempts with throttling back-off (about a minute): 3 here.
            DynamoDbClient threeAttempts = Clients.of(DynamoDbClient.builder().overrideConfiguration(o -> o.retryStrategy(
                    software.amazon.awssdk.awscore.retry.AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).build())),
                    gateway);
            AwsServiceException thrown = catchThrowableOfType(threeAttempts::listTables, AwsServiceException.class);
            threeAttempts.close();
            assertThat(thrown.isThrottlingException()).isTrue();
            assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
            assertThat(gateway.calls().of("dynamodb", "ListTables")).extracting(Call::handledBy)
                    .endsWith("fault:throttle", "fault:throttle", "fault:throttle");
        }
    }

    @Test
    void throttlingOfQueryRestAndEc2CallsIsThrottlingToTheSdk(Gateway gateway) {
        gateway.faults().on("autoscaling", "*").throttle().always();
        gateway.faults().on("efs", "DescribeFileSystems").throttle().always();
        gateway.faults().on("ec2", "DescribeInstances").throttle().always();
        try (AutoScalingClient autoScaling = Clients.of(AutoScalingClient.builder(), gateway);
             EfsClient efs = Clients.of(EfsClient.builder(), gateway);
             Ec2Client ec2 = Clients.of(Ec2Client.builder(), gateway)) {
            AwsServiceException query = catchThrowableOfType(autoScaling::describeAutoScalingGroups, AwsServiceException.class);
            assertThat(query.isThrottlingException()).isTrue();
            assertThat(query.awsErrorDetails().errorCode()).isEqualTo("Throttling");
            AwsServiceException rest = catchThrowableOfType(efs::describeFileSystems, AwsServiceException.class);
            assertThat(rest.isThrottlingException()).isTrue();
            AwsServiceException ec2Error = catchThrowableOfType(ec2::describeInstances, AwsServiceException.class);
            assertThat(ec2Error.isThrottlingException()).isTrue();
            assertThat(ec2Error.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        }
    }

    @Test
    void aServerErrorIsAnHttp500ThatNeverReachesMoto(Gateway gateway) {
        gateway.faults().on("autoscaling", "SetDesiredCapacity").serverError().forWindow(Duration.ofMinutes(1));
        try (AutoScalingClient autoScaling = Clients.of(AutoScalingClient.builder(), gateway)) {
            AwsServiceException thrown = catchThrowableOfType(() -> autoScaling.setDesiredCapacity(r -> r
                    .autoScalingGroupName("web").desiredCapacity(3)), AwsServiceException.class);
            assertThat(thrown.statusCode()).isEqualTo(500);
            assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
            assertThat(thrown.isThrottlingException()).isFalse();
        }
        // the SDK retried: each attempt a 500, none forwarded
        assertThat(gateway.calls().of("autoscaling", "SetDesiredCapacity")).extracting(Call::status, Call::handledBy)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(500, "fault:server-error")).hasSizeGreaterThan(1);
    }

    @Test
    void aDelayBeyondTheClientsTimeoutIsATimeoutAndADelayWithinItOnlySlowsTheCall(Gateway gateway) {
        try (DynamoDbClient patient = Clients.of(DynamoDbClient.builder(), gateway);
             DynamoDbClient hasty = Clients.of(DynamoDbClient.builder(), gateway, Duration.ofMillis(300))) {
            gateway.faults().on("dynamodb", "ListTables").delay(Duration.ofMillis(400)).nextCalls(1);
            long start = System.nanoTime();
            patient.listTables();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));

            gateway.faults().on("dynamodb", "ListTables").delay(Duration.ofMillis(1000)).always();
            SdkClientException thrown = catchThrowableOfType(hasty::listTables, SdkClientException.class);
            assertThat(thrown).hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aDroppedConnectionCutsTheAnswerAfterMotoDidTheWork(Gateway gateway) {
        try (DynamoDbClient dynamo = Clients.of(DynamoDbClient.builder(), gateway)) {
            gateway.faults().on("dynamodb", "CreateTable").dropConnection().always();
            SdkClientException thrown = catchThrowableOfType(() -> GatewayTest.createTable(dynamo, "t"), SdkClientException.class);
            assertThat(thrown).isNotNull();
            gateway.faults().clear();
            assertThat(dynamo.listTables().tableNames()).containsExactly("t");   // the first attempt reached moto
            assertThat(gateway.calls().of("dynamodb", "CreateTable")).extracting(Call::handledBy).first().isEqualTo("fault:drop-connection");
        }
    }

    @Test
    void aFractionHitsAboutThatShareOfCalls(Gateway gateway) {
        Faults.Fault fault = gateway.faults().seed(7).on("dynamodb", "ListTables").serverError().fraction(0.5);
        try (DynamoDbClient dynamo = Clients.of(DynamoDbClient.builder(), gateway)) {
            for (int i = 0; i < 10; i++) {
                try {
                    dynamo.listTables();
                } catch (AwsServiceException failedThreeTimes) {
                    // possible
                }
            }
        }
        int total = gateway.calls().count("dynamodb", "ListTables");
        assertThat(fault.hits()).isBetween(total / 5, total * 4 / 5);
    }
}
