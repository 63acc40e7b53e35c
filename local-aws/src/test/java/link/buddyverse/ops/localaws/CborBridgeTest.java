package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

/** The SDK's CloudWatch client (RPCv2 CBOR only) against moto, through the bridge. */
@ExtendWith(LocalMoto.class)
class CborBridgeTest {

    @Test
    void theSdksCloudWatchClientPutsAndGetsMetricDataAlarmsAndDashboards(Gateway gateway) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Dimension replica = Dimension.builder().name("DBInstanceIdentifier").value("database1-replica").build();
        try (CloudWatchClient cloudWatch = Clients.of(CloudWatchClient.builder(), gateway)) {
            cloudWatch.putMetricData(r -> r.namespace("AWS/RDS").metricData(d -> d.metricName("ReplicaLag")
                    .dimensions(replica).timestamp(now.minusSeconds(60)).value(42.5).unit(StandardUnit.SECONDS)));

            GetMetricDataResponse data = cloudWatch.getMetricData(r -> r.startTime(now.minusSeconds(600)).endTime(now.plusSeconds(60))
                    .metricDataQueries(MetricDataQuery.builder().id("lag").metricStat(s -> s.period(60).stat("Maximum")
                            .metric(m -> m.namespace("AWS/RDS").metricName("ReplicaLag").dimensions(replica))).build()));
            assertThat(data.metricDataResults()).hasSize(1);
            assertThat(data.metricDataResults().get(0).id()).isEqualTo("lag");
            assertThat(data.metricDataResults().get(0).values()).containsExactly(42.5);
            assertThat(data.metricDataResults().get(0).timestamps()).allSatisfy(t -> assertThat(t).isBetween(now.minusSeconds(600), now));

            cloudWatch.putMetricAlarm(r -> r.alarmName("Buddy-CPU-High").namespace("AWS/EC2").metricName("CPUUtilization")
                    .statistic(Statistic.AVERAGE).period(300).evaluationPeriods(1).threshold(70.0)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD));
            cloudWatch.setAlarmState(r -> r.alarmName("Buddy-CPU-High").stateValue(StateValue.ALARM).stateReason("drill"));
            MetricAlarm alarm = cloudWatch.describeAlarms(r -> r.alarmNames("Buddy-CPU-High")).metricAlarms().get(0);
            assertThat(alarm.stateValue()).isEqualTo(StateValue.ALARM);
            assertThat(alarm.threshold()).isEqualTo(70.0);
            assertThat(alarm.stateUpdatedTimestamp()).isAfter(now.minusSeconds(3600));

            String body = "{\"widgets\":[{\"type\":\"text\",\"x\":0,\"y\":0,\"width\":6,\"height\":3,\"properties\":{\"markdown\":\"ops\"}}]}";
            cloudWatch.putDashboard(r -> r.dashboardName("buddyverse-ops").dashboardBody(body));
            assertThat(cloudWatch.getDashboard(r -> r.dashboardName("buddyverse-ops")).dashboardBody()).isEqualTo(body);

            assertThat(catchThrowableOfType(() -> cloudWatch.getDashboard(r -> r.dashboardName("missing")),
                    DashboardNotFoundErrorException.class)).isNotNull();
        }
        assertThat(gateway.calls().of("cloudwatch", "*")).extracting(Call::operation).containsExactly("PutMetricData",
                "GetMetricData", "PutMetricAlarm", "SetAlarmState", "DescribeAlarms", "PutDashboard", "GetDashboard", "GetDashboard");
        assertThat(gateway.calls().last("cloudwatch", "PutDashboard").parameter("DashboardName")).isEqualTo("buddyverse-ops");
        assertThat(gateway.calls().last("cloudwatch", "PutDashboard").protocol()).isEqualTo(Protocol.RPCV2_CBOR);
    }

    @Test
    void faultsReachTheCborClientInItsOwnShape(Gateway gateway) {
        gateway.faults().on("cloudwatch", "DescribeAlarms").throttle().always();
        gateway.faults().on("cloudwatch", "PutDashboard").serverError().always();
        try (CloudWatchClient cloudWatch = Clients.of(CloudWatchClient.builder(), gateway)) {
            AwsServiceException throttled = catchThrowableOfType(() -> cloudWatch.describeAlarms(), AwsServiceException.class);
            assertThat(throttled.isThrottlingException()).isTrue();
            AwsServiceException failed = catchThrowableOfType(() -> cloudWatch.putDashboard(r -> r.dashboardName("d")
                    .dashboardBody("{}")), AwsServiceException.class);
            assertThat(failed.statusCode()).isEqualTo(500);
        }
    }
}
