package link.buddyverse.ops.replica;

import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * The SSM parameter's JSON in one canonical form (endpoints sorted, no timestamps), so the same endpoints always
 * give the same text and an unchanged set is recognised and not written again:
 * <pre>{"name":"read.db.buddyverse.internal","onPrimary":false,"endpoints":[{"instance":"database1-replica","address":"..."}]}</pre>
 */
public class ReadEndpointsDocument {

    @Serdeable
    public record ReadEndpoints(String name, boolean onPrimary, List<Endpoint> endpoints) {
    }

    @Serdeable
    public record Endpoint(String instance, String address) {
    }

    private final JsonMapper jsonMapper;

    public ReadEndpointsDocument(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public String of(String name, List<ReadRecord> records, boolean onPrimary) {
        List<Endpoint> endpoints = records.stream().sorted(Comparator.comparing(ReadRecord::setIdentifier))
                .map(record -> new Endpoint(record.setIdentifier(), record.value())).toList();
        try {
            return jsonMapper.writeValueAsString(new ReadEndpoints(name, onPrimary, endpoints));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the read endpoints", e);
        }
    }
}
