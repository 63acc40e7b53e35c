package link.buddyverse.ops.sam;

/**
 * A template that cannot be read or resolved as asked: not YAML, an unknown logical id, a parameter override the
 * declaration refuses, an intrinsic with the wrong arguments. The message is the whole story (what was expected,
 * what came, what to do): the CLI prints it as a setup error, the bench and the stack's checks fail with it.
 */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
