package link.buddyverse.ops.kit.recheck;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import link.buddyverse.ops.kit.event.RecheckMessage;
import link.buddyverse.ops.kit.event.RecheckMessages;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends a {@link SendRecheck} to the function's delay queue. Not a bean of the kit: a function that re-checks
 * declares it in its own factory (with its SQS client), so only functions that carry the SQS SDK have it.
 */
public class SendRecheckExecutor implements ActionExecutor<SendRecheck> {

    private final SqsClient sqs;
    private final JsonMapper jsonMapper;

    public SendRecheckExecutor(SqsClient sqs, JsonMapper jsonMapper) {
        this.sqs = sqs;
        this.jsonMapper = jsonMapper;
    }

    @Override
    public Class<SendRecheck> actionType() {
        return SendRecheck.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("sqs:SendMessage");
    }

    /**
     * A delayed message is no state to read back: sending it twice means two re-checks, and the second finds its key's
     * work done (the re-check's own event id, its attempt count and the function's claim on it keep it to one action).
     */
    @Override
    public Current current(SendRecheck action) {
        return Current.notReadable("a re-check message sent is no readable state; the re-check's own claim keeps it to one action");
    }

    @Override
    public void execute(SendRecheck action) {
        RecheckMessage message = new RecheckMessage(action.id(), Instant.now(), action.function(), action.subject(),
                action.attempt(), action.origin(), action.data());
        String body;
        try {
            body = jsonMapper.writeValueAsString(RecheckMessages.body(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sqs.sendMessage(b -> b.queueUrl(action.queueUrl()).messageBody(body).delaySeconds(action.delaySeconds()));
    }
}
