package link.buddyverse.ops.cli.sandbox;

import java.util.List;
import java.util.Map;

/**
 * A stack as it came out of the sandbox.
 *
 * @param outputs       the stack's Outputs (key to value), as DescribeStacks gives them
 * @param physicalIds   logical id to physical id, of what moto created and of what the gaps created instead
 * @param fills         what the sandbox did for moto, one line each (see {@code MotoGaps})
 * @param skipped       resources moto skipped that no gap fills: the sandbox lacks them
 * @param parameters    the values the stack's parameters took
 */
public record DeployedStack(String name, Map<String, String> outputs, Map<String, String> physicalIds,
                            List<String> fills, List<String> skipped, Map<String, String> parameters) {
}
