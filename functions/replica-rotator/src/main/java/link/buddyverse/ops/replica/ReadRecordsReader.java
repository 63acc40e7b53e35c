package link.buddyverse.ops.replica;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import link.buddyverse.ops.kit.aws.CallsAws;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** The CNAME records under the read name, read from the zone (listing starts at the name: one page holds them). */
@Singleton
public class ReadRecordsReader implements CallsAws {

    private final Route53Client route53;

    public ReadRecordsReader(Route53Client route53) {
        this.route53 = route53;
    }

    @Override
    public List<String> iamActions() {
        return List.of("route53:ListResourceRecordSets");
    }

    public List<ReadRecord> records(String zoneId, String recordName) {
        return listing(zoneId, recordName).records();
    }

    /**
     * The records and the name as the zone spells it. Route 53 always answers with the final dot; moto keeps a
     * name as it was created (CloudFormation's without it) and deletes only by that spelling.
     */
    public record Listing(String name, List<ReadRecord> records) {
    }

    public Listing listing(String zoneId, String recordName) {
        String spelled = recordName;
        String fqdn = fqdn(recordName);
        List<ReadRecord> records = new ArrayList<>();
        String nextName = fqdn;
        String nextType = "CNAME";
        String nextIdentifier = null;
        while (nextName != null) {
            String name = nextName;
            String type = nextType;
            String identifier = nextIdentifier;
            ListResourceRecordSetsResponse page = route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId)
                    .startRecordName(name).startRecordType(type).startRecordIdentifier(identifier).maxItems("100"));
            boolean past = false;
            for (ResourceRecordSet set : page.resourceRecordSets()) {
                if (!fqdn(set.name()).equalsIgnoreCase(fqdn) || !"CNAME".equals(set.typeAsString())) {
                    past = true;
                    continue;
                }
                spelled = set.name();
                records.add(new ReadRecord(set.setIdentifier(), set.resourceRecords().get(0).value(),
                        set.ttl() == null ? 0 : set.ttl(), set.weight()));
            }
            boolean more = Boolean.TRUE.equals(page.isTruncated()) && !past;
            nextName = more ? page.nextRecordName() : null;
            nextType = page.nextRecordTypeAsString();
            nextIdentifier = page.nextRecordIdentifier();
        }
        return new Listing(spelled, records);
    }

    static String fqdn(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
