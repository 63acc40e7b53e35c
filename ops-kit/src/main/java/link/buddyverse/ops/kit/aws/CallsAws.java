package link.buddyverse.ops.kit.aws;

import java.util.List;

/**
 * Code that calls AWS declares the IAM actions it calls, e.g. {@code autoscaling:SetDesiredCapacity}:
 * executors, observers and the kit's own stores. A test per function holds template.yaml's policy for that
 * function against the declarations of every bean in its context, so least privilege is checked, not guessed.
 */
public interface CallsAws {

    List<String> iamActions();
}
