package link.buddyverse.ops.kit.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import link.buddyverse.ops.kit.event.AlarmStateChange;
import link.buddyverse.ops.kit.event.OpsActionEvent;
import link.buddyverse.ops.kit.event.Trigger;

/** The trigger as results and ops events show it. */
// Every field always present (empty lists, nulls): a stable shape for readers of results and events.
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record TriggerView(String eventId, String kind, @Nullable String subject, @Nullable String alarm,
                          @Nullable String state, String time) {

    public static TriggerView of(Trigger trigger) {
        // Java 17 bytecode: no pattern matching in switch yet, so instanceof over the sealed type.
        if (trigger instanceof AlarmStateChange alarm) {
            return new TriggerView(alarm.eventId(), alarm.kind(), alarm.subject(), alarm.alarmName(), alarm.state().name(),
                    alarm.time().toString());
        }
        if (trigger instanceof OpsActionEvent action) {
            return new TriggerView(action.eventId(), action.kind(), action.subject(), action.alarm(),
                    action.detail().outcome().status(), action.time().toString());
        }
        return new TriggerView(trigger.eventId(), trigger.kind(), trigger.subject(), null, null, trigger.time().toString());
    }
}
