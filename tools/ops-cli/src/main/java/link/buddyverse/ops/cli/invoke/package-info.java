/**
 * The Lambda "container" side of {@code ./ops local invoke}: what runs inside the child JVM next to the
 * function's deployment jar.
 *
 * <p>Classes here may use only the JDK and {@code com.amazonaws.services.lambda.runtime} (aws-lambda-java-core,
 * which every function jar carries). The CLI copies this package, and nothing else, into a directory of its
 * own and appends it to the child's classpath after the function jar, so the function sees its own ops-kit,
 * Micronaut and SDK versions and never the CLI's. {@code RunnerDependenciesTest} holds this package to that.
 */
package link.buddyverse.ops.cli.invoke;
