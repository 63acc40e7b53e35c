package link.buddyverse.ops.cli.demo;

/** A drill's expected effect did not happen: the drill stops there and fails. */
public final class DrillFailed extends RuntimeException {

    public DrillFailed(String message) {
        super(message);
    }
}
