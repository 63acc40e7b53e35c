package link.buddyverse.ops.cli.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The changes a delivery's own log says it made, as ops-kit's Applier logs them. */
class SoakLogTest {

    @Test
    void readsTheAppliedLinesOfTheEventAndNothingElse() {
        List<String> logs = List.of(
                "START RequestId: r-1 Version: $LATEST",
                "{\"level\":\"INFO\",\"mdc\":{\"correlationId\":\"e-1\"},\"formattedMessage\":\"applied UpdateGroupLimits on"
                        + " Buddy-AutoScaling-Group: MaxSize 4 -> MaxSize 5 (Buddy-CPU-High is in ALARM with the group pinned at MaxSize 4)\"}",
                "{\"level\":\"INFO\",\"mdc\":{\"correlationId\":\"e-1\"},\"formattedMessage\":\"applied SetDesiredCapacity on"
                        + " Buddy-AutoScaling-Group: 4 -> 5 (scale out by 1 -> above the former maximum)\"}",
                "{\"level\":\"INFO\",\"mdc\":{\"correlationId\":\"e-2\"},\"formattedMessage\":\"applied SetDesiredCapacity on"
                        + " Buddy-AutoScaling-Group: 5 -> 6 (another event's line)\"}",
                "{\"level\":\"INFO\",\"mdc\":{\"correlationId\":\"e-1\"},\"formattedMessage\":\"alarm event e-1: applied with 2 action(s)\"}");

        assertThat(Soak.loggedChanges("e-1", logs)).containsExactly(
                new Delivery.Step("UpdateGroupLimits", "MaxSize 4", "MaxSize 5", "applied", "logged"),
                new Delivery.Step("SetDesiredCapacity", "4", "5", "applied", "logged"));
    }
}
