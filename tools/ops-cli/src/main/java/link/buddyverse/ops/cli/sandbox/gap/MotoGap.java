package link.buddyverse.ops.cli.sandbox.gap;

/**
 * One thing moto's CloudFormation cannot do that a template of this project needs, and how the sandbox fills
 * exactly that gap: with SDK calls against moto before or after CreateStack, or by submitting a template that
 * says the same thing in a form moto takes. A gap applies only to a template that uses what it fills; the
 * template files themselves are never changed. {@link MotoGaps#all()} lists them; local-aws/README.md lists them too.
 */
public interface MotoGap {

    /** What the gap is about, e.g. {@code AWS::CertificateManager::Certificate}. */
    String subject();

    /** One sentence: what moto does not do, and what the sandbox does instead. */
    String description();

    /** Rewrites the template about to be submitted, creating through the SDK what must exist first. */
    default void beforeStack(Deployment deployment) {
    }

    /** Completes, through the SDK, what moto created only in part (or skipped), once the stack exists. */
    default void afterStack(Deployment deployment) {
    }
}
