package link.buddyverse.ops.cli.demo;

import java.util.List;
import java.util.function.Consumer;

/**
 * A drill whose function is not built yet. It checks that the sandbox holds what the function will act on, says
 * what the drill will do once the function lands, and is reported as pending: not a pass.
 */
final class PendingDrill implements Drill {

    private final String id;
    private final String title;
    private final String owners;
    private final String function;
    private final String plan;
    private final Consumer<DrillContext> preconditions;

    PendingDrill(String id, String title, String owners, String function, String plan, Consumer<DrillContext> preconditions) {
        this.id = id;
        this.title = title;
        this.owners = owners;
        this.function = function;
        this.plan = plan;
        this.preconditions = preconditions;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String owners() {
        return owners;
    }

    /** None to run: the function it waits for is {@link #awaits()}. */
    @Override
    public List<String> functions() {
        return List.of();
    }

    String awaits() {
        return function;
    }

    @Override
    public void run(DrillContext context) {
        preconditions.accept(context);
        context.pending(context.hasFunction(function)
                ? function + " is in template.yaml now, but this drill has not been written for it yet: " + plan
                : function + " is not built yet (architecture.md lists it): " + plan);
    }
}
