package link.buddyverse.ops.incident;

import link.buddyverse.ops.incident.delivery.DeliveryReport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import link.buddyverse.ops.kit.result.OpsResult;

/**
 * A test's view of what the notifier returned: the kit's {@link OpsResult} and its {@link NotifierDetail} (read
 * back from JSON when it comes as a map: a duplicate's stored result).
 */
public record Result(OpsResult raw, @Nullable NotifierDetail detail) {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    public static Result of(OpsResult result) {
        Object detail = result.detail();
        if (detail == null || detail instanceof NotifierDetail) {
            return new Result(result, (NotifierDetail) detail);
        }
        try {
            return new Result(result, JSON.readValue(JSON.writeValueAsString(detail), NotifierDetail.class));
        } catch (IOException e) {
            throw new UncheckedIOException("the result's detail is not a NotifierDetail: " + detail, e);
        }
    }

    public String function() {
        return raw.function();
    }

    public String status() {
        return raw.status();
    }

    public String reason() {
        return raw.reason();
    }

    public List<String> notes() {
        return raw.notes();
    }

    public String change() {
        return detail == null ? null : detail.change();
    }

    public NotifierDetail.IncidentView incident() {
        return detail == null ? null : detail.incident();
    }

    public DeliveryReport delivery() {
        return detail == null ? DeliveryReport.none() : detail.delivery();
    }
}
