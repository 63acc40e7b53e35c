package link.buddyverse.ops.lifecycle.action;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.kit.apply.ActionExecutor;
import link.buddyverse.ops.kit.apply.Current;
import link.buddyverse.ops.kit.apply.Declined;
import link.buddyverse.ops.lifecycle.SentCommands;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

@Singleton
public class SendShellCommandExecutor implements ActionExecutor<SendShellCommand> {

    private final SsmClient ssm;
    private final SentCommands sent;
    private final Clock clock;

    public SendShellCommandExecutor(SsmClient ssm, SentCommands sent, Clock clock) {
        this.ssm = ssm;
        this.sent = sent;
        this.clock = clock;
    }

    @Override
    public Class<SendShellCommand> actionType() {
        return SendShellCommand.class;
    }

    @Override
    public List<String> iamActions() {
        return List.of("ssm:SendCommand");
    }

    /** a command sent is no state to compare; SentCommands keys each check round, so a round sends its command once */
    @Override
    public Current current(SendShellCommand action) {
        return Current.notReadable("a command sent is no state to compare; SentCommands keys each check round, so a round sends its command once");
    }

    @Override
    public void execute(SendShellCommand action) {
        String commandId;
        try {
            commandId = ssm.sendCommand(b -> b.instanceIds(action.instanceId()).documentName("AWS-RunShellScript")
                    // SSM's Comment holds at most 100 characters; the key says which chain and round sent it.
                    .comment(truncate(action.purpose() + " " + action.key(), 100))
                    .parameters(Map.of("commands", action.commands(),
                            "executionTimeout", List.of(Integer.toString(action.executionTimeoutSeconds())))))
                    .command().commandId();
        } catch (InvalidInstanceIdException e) {
            // The agent registers a while after boot: not ready yet, not a failure. The next round sends again.
            String why = "the SSM agent on " + action.instanceId() + " is not registered yet (InvalidInstanceId)";
            sent.refused(action.key(), why, clock.instant());
            throw new Declined(why + ": the next re-check sends the " + action.purpose() + " again", e);
        }
        sent.sent(action.key(), commandId, clock.instant());
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
