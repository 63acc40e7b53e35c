package link.buddyverse.ops.cli.local;

import java.util.concurrent.Callable;
import link.buddyverse.ops.cli.OpsCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ./ops local}: what {@code sam local} does, without Docker. */
@Command(name = "local",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = "Run the stack's functions on this machine, as 'sam local' does, without Docker.",
        commandListHeading = "%nCommands:%n",
        subcommands = {LocalInvokeCommand.class})
public class LocalCommand implements Callable<Integer> {

    @ParentCommand
    OpsCli ops;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    OpsCli ops() {
        return ops;
    }
}
