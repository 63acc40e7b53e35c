package link.buddyverse.ops.sam;

/**
 * The pseudo parameters a local run pretends to deploy into, as {@code sam local} does: the stack name and
 * account are fixed, the region is the one the function will talk to.
 */
public record StackContext(String region, String accountId, String stackName, String partition) {

    public static final String DEFAULT_REGION = "ap-northeast-2";
    public static final String LOCAL_ACCOUNT_ID = "123456789012";
    public static final String STACK_NAME = "buddyverse-ops";

    public static StackContext local(String region) {
        return new StackContext(region, LOCAL_ACCOUNT_ID, STACK_NAME, "aws");
    }
}
