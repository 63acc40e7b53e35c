package link.buddyverse.ops.replica;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one reconcile reads before deciding.
 *
 * @param lag       each replica's ReplicaLag samples, oldest first (no entry: no sample in the window)
 * @param recordName the read name as the zone spells it
 * @param records   the CNAME records under the read name now
 * @param parameter the SSM parameter's value now, if it exists
 */
public record Observed(Fleet fleet, Map<String, List<LagSample>> lag, String zoneId, String recordName, List<ReadRecord> records,
                       Optional<String> parameter) {
}
