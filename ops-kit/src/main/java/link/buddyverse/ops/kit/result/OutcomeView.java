package link.buddyverse.ops.kit.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import link.buddyverse.ops.kit.apply.Outcome;

/** What became of one planned action: {@code applied}, {@code dry-run}, {@code skipped} or {@code failed}. */
// Every field always present (empty lists, nulls): a stable shape for readers of results and events.
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record OutcomeView(String action, String target, String status, String detail) {

    public static OutcomeView of(Outcome outcome) {
        return new OutcomeView(outcome.action().type(), outcome.action().target(), outcome.status(), outcome.detail());
    }
}
