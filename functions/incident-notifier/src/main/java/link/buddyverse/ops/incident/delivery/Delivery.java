package link.buddyverse.ops.incident.delivery;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import link.buddyverse.ops.incident.NotifierSettings;
import link.buddyverse.ops.incident.message.IncidentMessages;
import link.buddyverse.ops.incident.store.IncidentStore;
import link.buddyverse.ops.incident.store.OutboxStore;
import link.buddyverse.ops.incident.store.StateTable;
import link.buddyverse.ops.incident.store.StormStore;
import link.buddyverse.ops.kit.state.CooldownLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox of the threads (incidents, storms) an invocation touched: opens this invocation's
 * {@link SlackTransport}, and runs one {@link DeliveryRun} over the threads, each under its lease
 * ({@code lock#slack#<thread>}) so that two invocations never deliver the same thread at once.
 */
@Singleton
public class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final int ROUNDS = 5;
    private static final int LEASE_ATTEMPTS = 4;

    private final IncidentStore incidents;
    private final StormStore storms;
    private final OutboxStore outbox;
    private final SlackTransport.Source transports;
    private final IncidentMessages messages;
    private final NotifierSettings settings;
    private final CooldownLocks leases;
    private final Clock clock;

    public Delivery(IncidentStore incidents, StormStore storms, OutboxStore outbox, SlackTransport.Source transports,
                    IncidentMessages messages, NotifierSettings settings, CooldownLocks leases, Clock clock) {
        this.incidents = incidents;
        this.storms = storms;
        this.outbox = outbox;
        this.transports = transports;
        this.messages = messages;
        this.settings = settings;
        this.leases = leases;
        this.clock = clock;
    }

    /** Delivers what the given threads hold, until done, stopped by Slack, or {@code deadline} (nanoTime). */
    public DeliveryReport deliver(Collection<String> threads, long deadline) {
        Set<String> distinct = new LinkedHashSet<>(threads);
        if (distinct.isEmpty()) {
            return DeliveryReport.none();
        }
        DeliveryRun run;
        try {
            run = new DeliveryRun(transports.open(), deadline, incidents, storms, outbox, messages, settings, clock);
        } catch (SlackUnavailableException e) {
            LOG.error("Slack notices stay in the outbox: {}", e.getMessage());
            int pending = distinct.stream().mapToInt(outbox::pendingCount).sum();
            return new DeliveryReport("none", 0, 0, 0, pending, List.of(e.getMessage()), null);
        }
        for (String thread : distinct) {
            if (run.stopped() || System.nanoTime() > deadline) {
                break;
            }
            deliverThread(thread, run);
        }
        int pending = distinct.stream().mapToInt(outbox::pendingCount).sum();
        return run.report(pending);
    }

    private void deliverThread(String thread, DeliveryRun run) {
        String resource = "slack#" + thread;
        String holder = UUID.randomUUID().toString();
        if (!acquire(resource, holder)) {
            LOG.info("another invocation is delivering {}: leaving it to that one", thread);
            return;
        }
        try {
            for (int round = 0; round < ROUNDS && !run.stopped() && System.nanoTime() < run.deadline(); round++) {
                if (!run.round(thread)) {
                    break;
                }
            }
        } finally {
            leases.release(resource, holder);
        }
    }

    private boolean acquire(String resource, String holder) {
        Duration lease = Duration.ofSeconds(settings.leaseSeconds());
        for (int attempt = 0; attempt < LEASE_ATTEMPTS; attempt++) {
            if (leases.tryAcquire(resource, holder, lease, clock.instant()).isEmpty()) {
                return true;
            }
            StateTable.pause(5 * (attempt + 1));
        }
        return false;
    }
}
