package link.buddyverse.ops.kit.event;

import io.micronaut.context.annotation.Value;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The account and region the function's stack is deployed in ({@code OPS_ACCOUNT_ID}, which template.yaml fills from
 * {@code AWS::AccountId}, and Lambda's {@code AWS_REGION}). An EventBridge event from another account or region (a
 * rule on a bus other accounts may put on, a replayed archive, a hand-made test event) names resources that are not
 * this stack's: the pipeline skips it with the reason instead of acting on look-alike names. Either value unknown
 * (a local run without it): not checked.
 */
@Singleton
public final class StackScope {

    /** No account or region known: every event is in scope. */
    public static final StackScope ANY = new StackScope("", "");

    private final String accountId;
    private final String region;

    @Inject
    public StackScope(@Value("${ops.account-id:}") String accountId, @Value("${aws.region:}") String region) {
        this.accountId = accountId == null ? "" : accountId.strip();
        this.region = region == null ? "" : region.strip();
    }

    /** Why the raw event is not this stack's business, or empty when it is (or cannot tell: not an EventBridge event). */
    public Optional<String> whyForeign(JsonNode input) {
        if (input == null || !input.isObject() || input.get("detail-type") == null) {
            return Optional.empty();
        }
        String id = EventDecoder.text(input.get("id"));
        String account = EventDecoder.text(input.get("account"));
        String eventRegion = EventDecoder.text(input.get("region"));
        if (!accountId.isEmpty() && account != null && !accountId.equals(account)) {
            return Optional.of("event " + id + " comes from account " + account + ", not this stack's account " + accountId
                    + ": skipped, its resources are not this stack's");
        }
        if (!region.isEmpty() && eventRegion != null && !region.equals(eventRegion)) {
            return Optional.of("event " + id + " comes from region " + eventRegion + ", not this stack's region " + region
                    + ": skipped, its resources are not this stack's");
        }
        return Optional.empty();
    }
}
