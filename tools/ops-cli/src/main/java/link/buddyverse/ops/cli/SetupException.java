package link.buddyverse.ops.cli;

/**
 * Something the user must fix before a command can run at all: a template that does not resolve, an
 * unknown logical id, no AWS endpoint, a jar not built yet. The message is the whole story (what was
 * expected, what came, what to do); the CLI prints it and exits with {@link OpsCli#SETUP_ERROR}.
 */
public class SetupException extends RuntimeException {

    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
