package link.buddyverse.ops.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.BadRequestException;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.ThroughputMode;
import software.amazon.awssdk.services.efs.model.TooManyRequestsException;
import software.amazon.awssdk.services.efs.model.UpdateFileSystemResponse;

@ExtendWith(LocalMoto.class)
class EfsThroughputTest {

    @Test
    void updateFileSystemChangesTheThroughputModeAndRefusesASecondChangeWithin24Hours(Gateway gateway) {
        Instant start = Instant.parse("2026-12-01T08:00:00Z");
        gateway.played().clock(Clock.fixed(start, ZoneOffset.UTC));
        try (EfsClient efs = Clients.of(EfsClient.builder(), gateway)) {
            String id = efs.createFileSystem(r -> r.creationToken("Buddy-EFS").throughputMode(ThroughputMode.BURSTING)).fileSystemId();

            UpdateFileSystemResponse updated = efs.updateFileSystem(r -> r.fileSystemId(id)
                    .throughputMode(ThroughputMode.PROVISIONED).provisionedThroughputInMibps(100.0));
            assertThat(updated.throughputMode()).isEqualTo(ThroughputMode.PROVISIONED);
            assertThat(updated.provisionedThroughputInMibps()).isEqualTo(100.0);
            FileSystemDescription described = efs.describeFileSystems(r -> r.fileSystemId(id)).fileSystems().get(0);
            assertThat(described.throughputMode()).isEqualTo(ThroughputMode.PROVISIONED);
            assertThat(described.provisionedThroughputInMibps()).isEqualTo(100.0);

            efs.updateFileSystem(r -> r.fileSystemId(id).provisionedThroughputInMibps(200.0));   // an increase: any time
            assertThatThrownBy(() -> efs.updateFileSystem(r -> r.fileSystemId(id).provisionedThroughputInMibps(50.0)))
                    .isInstanceOf(TooManyRequestsException.class)
                    .hasMessageContaining("Wait until 2026-12-02T08:00:00Z UTC and try again");
            assertThatThrownBy(() -> efs.updateFileSystem(r -> r.fileSystemId(id).throughputMode(ThroughputMode.ELASTIC)))
                    .isInstanceOf(TooManyRequestsException.class);

            gateway.played().clock(Clock.fixed(start.plusSeconds(24 * 3600), ZoneOffset.UTC));
            efs.updateFileSystem(r -> r.fileSystemId(id).throughputMode(ThroughputMode.ELASTIC));
            FileSystemDescription elastic = efs.describeFileSystems(r -> r.fileSystemId(id)).fileSystems().get(0);
            assertThat(elastic.throughputMode()).isEqualTo(ThroughputMode.ELASTIC);
            assertThat(elastic.provisionedThroughputInMibps()).isNull();
        }
        // 429 is throttling to the SDK, as AWS's own TooManyRequests is: each refusal was retried, and refused again
        assertThat(gateway.calls().of("efs", "UpdateFileSystem")).extracting(Call::status)
                .startsWith(202, 202, 429).endsWith(429, 202).containsOnly(202, 429);
    }

    @Test
    void badRequestsAndUnknownFileSystemsGetEfsOwnErrors(Gateway gateway) {
        try (EfsClient efs = Clients.of(EfsClient.builder(), gateway)) {
            String id = efs.createFileSystem(r -> r.creationToken("t")).fileSystemId();
            assertThatThrownBy(() -> efs.updateFileSystem(r -> r.fileSystemId(id).throughputMode(ThroughputMode.PROVISIONED)))
                    .isInstanceOf(BadRequestException.class);
            assertThatThrownBy(() -> efs.updateFileSystem(r -> r.fileSystemId("fs-0123456789abcdef0").throughputMode(ThroughputMode.ELASTIC)))
                    .isInstanceOf(FileSystemNotFoundException.class);
        }
    }
}
