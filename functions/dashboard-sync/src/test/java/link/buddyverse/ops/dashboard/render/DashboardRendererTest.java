package link.buddyverse.ops.dashboard.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import java.util.List;
import java.util.stream.IntStream;
import link.buddyverse.ops.dashboard.DashboardSettings;
import link.buddyverse.ops.dashboard.StackSnapshot;
import org.junit.jupiter.api.Test;

/** The renderer alone: given what exists, the bodies. No AWS. */
class DashboardRendererTest {

    final JsonMapper jsonMapper = JsonMapper.createDefault();
    final DashboardSettings settings = new DashboardSettings("Buddyverse-Ops", "CPU-Per-Second", "ap-northeast-2",
            "Buddy-AutoScaling-Group", "Buddy-LoadBalance", "Buddy-LoadBalance-TargetGroup", "database1", "Buddy-EFS",
            "/buddyverse/db/read-endpoints", "Buddy-", List.of("ScalingTunerFunction=st", "DashboardSyncFunction=ds"),
            List.of("/aws/lambda/st", "/aws/lambda/ds"), "dlq", List.of("ReplicaRotatorFunction", "EfsGuardFunction"), 50, 100, 70, 20);
    final DashboardRenderer renderer = new DashboardRenderer(settings, jsonMapper);

    @Test
    void twoHundredInstancesAndFifteenReplicasStayWithinCloudWatchsLimits() {
        List<RenderedDashboard> rendered = renderer.render(stack(200, 15, 50));

        assertThat(rendered).allSatisfy(dashboard -> {
            assertThat(dashboard.limitViolations()).isEmpty();
            assertThat(dashboard.widgets()).isLessThanOrEqualTo(DashboardLimits.MAX_WIDGETS);
            assertThat(dashboard.metrics()).isLessThanOrEqualTo(DashboardLimits.MAX_METRICS_PER_DASHBOARD);
            assertThat(dashboard.largestWidgetMetrics()).isLessThanOrEqualTo(DashboardLimits.MAX_METRICS_PER_WIDGET);
        });
        RenderedDashboard ops = rendered.get(0);
        RenderedDashboard cpu = rendered.get(1);
        assertThat(ops.degradations()).singleElement().asString().contains("200 web instances exceed the 100")
                .contains("summarised");
        assertThat(ops.degradations()).noneMatch(d -> d.contains("alarms split"));
        IntStream.range(0, 15).forEach(i -> assertThat(ops.body()).contains("\"replica-" + i + "\""));
        // CPU-Per-Second still graphs every instance, 50 to a widget.
        IntStream.range(0, 200).forEach(i -> assertThat(cpu.body()).contains(String.format("\"i-%017d\"", i)));
        assertThat(cpu.degradations()).isEmpty();
        assertThat(cpu.body()).contains("CPU per instance (4 of 4)");
    }

    @Test
    void moreAlarmsThanAnAlarmWidgetHoldsAreSplitAndSaidSo() {
        RenderedDashboard ops = renderer.render(stack(2, 1, 150)).get(0);

        assertThat(ops.body()).contains("Alarms of the stack (2 of 2)");
        assertThat(ops.degradations()).singleElement().asString().contains("150 alarms split over 2 alarm status widgets");
    }

    @Test
    void theSameResourcesRenderToTheSameBytes() {
        assertThat(renderer.render(stack(7, 3, 4))).isEqualTo(renderer.render(stack(7, 3, 4)));
    }

    @Test
    void aGroupWithinTheBudgetIsGraphedInstanceByInstanceWithoutSearch() {
        RenderedDashboard ops = renderer.render(stack(4, 1, 3)).get(0);

        assertThat(ops.degradations()).isEmpty();
        assertThat(ops.body()).doesNotContain("SEARCH(");
        IntStream.range(0, 4).forEach(i -> assertThat(ops.body()).contains(String.format("\"i-%017d\"", i)));
    }

    @Test
    void anEmptyGroupSaysSoInsteadOfAnEmptyGraph() {
        assertThat(renderer.render(stack(0, 0, 0)).get(1).body()).contains("The group has no instance in service.");
    }

    @Test
    void aProvisionedFileSystemShowsItsThroughput() {
        StackSnapshot stack = stack(2, 1, 1);
        StackSnapshot provisioned = new StackSnapshot(stack.region(), stack.web(), stack.database(),
                new StackSnapshot.FileSystem("fs-1", "Buddy-EFS", "provisioned", 64.0), stack.alarms(), stack.automation(), List.of());

        assertThat(renderer.render(provisioned).get(0).body()).contains("**provisioned**, 64.0 MiB/s provisioned");
    }

    private static StackSnapshot stack(int instances, int replicas, int alarms) {
        return new StackSnapshot("ap-northeast-2",
                new StackSnapshot.WebTier("Buddy-AutoScaling-Group", true, 2, 250, instances,
                        IntStream.range(0, instances).mapToObj(i -> String.format("i-%017d", i)).toList(),
                        "app/Buddy-LoadBalance/50dc6c495c0c9188", "targetgroup/Buddy-LoadBalance-TargetGroup/73e2d6bc24d8a067"),
                new StackSnapshot.Database("database1", IntStream.range(0, replicas)
                        .mapToObj(i -> new StackSnapshot.Replica("replica-" + i, "available", i % 2 == 0)).toList(), "test"),
                new StackSnapshot.FileSystem("fs-0a1b2c3d", "Buddy-EFS", "bursting", null),
                IntStream.range(0, alarms).mapToObj(i -> new StackSnapshot.Alarm("Buddy-" + i,
                        "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:Buddy-" + i)).toList(),
                new StackSnapshot.Automation(List.of(new StackSnapshot.Function("DashboardSyncFunction", "ds"),
                        new StackSnapshot.Function("ScalingTunerFunction", "st")), List.of("/aws/lambda/ds", "/aws/lambda/st"), "dlq"),
                List.of());
    }
}
