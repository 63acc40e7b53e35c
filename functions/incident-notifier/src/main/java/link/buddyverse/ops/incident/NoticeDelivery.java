package link.buddyverse.ops.incident;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import link.buddyverse.ops.kit.state.CooldownLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox, one thread (incident or storm) at a time, under that thread's lease so that two
 * invocations never deliver the same notice. Within a thread, order is kept: the message is posted before any
 * reply, replies go in the order the events happened, and delivery stops at the first notice Slack does not
 * take, so nothing overtakes it. A notice leaves the outbox in the same write that records Slack's answer.
 *
 * <p>Bot token: the first message notice posts the incident's message (showing its state as of now); later ones
 * collapse into one chat.update; replies go into its thread. Webhook: no updates, no threads, so a message
 * is posted when the incident opens, reopens and resolves, each showing the incident as it was then (the
 * resolve message lists every action taken); replies and updates are folded away. A storm's roll-up works the
 * same way, with a webhook posting it once the storm's minute is over.
 *
 * <p>Slack rate limiting, 5xx, timeouts and wrong credentials stop this invocation's delivery and leave the
 * notice where it is, with Slack's Retry-After recorded; the every-minute schedule tries again.
 */
@Singleton
public class NoticeDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeDelivery.class);
    private static final int ROUNDS = 5;
    private static final int LEASE_ATTEMPTS = 4;

    private final IncidentStore store;
    private final SlackGateway slack;
    private final IncidentMessages messages;
    private final NotifierSettings settings;
    private final CooldownLocks leases;
    private final Clock clock;

    public NoticeDelivery(IncidentStore store, SlackGateway slack, IncidentMessages messages, NotifierSettings settings,
                          CooldownLocks leases, Clock clock) {
        this.store = store;
        this.slack = slack;
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
        Run run;
        try {
            run = new Run(slack.access(), deadline);
        } catch (SlackCredentialsException e) {
            LOG.error("Slack notices stay in the outbox: {}", e.getMessage());
            int pending = distinct.stream().mapToInt(store::pendingCount).sum();
            return new DeliveryReport("none", 0, 0, 0, pending, List.of(e.getMessage()), null);
        }
        for (String thread : distinct) {
            if (run.stopped || System.nanoTime() > deadline) {
                break;
            }
            deliverThread(thread, run);
        }
        int pending = distinct.stream().mapToInt(store::pendingCount).sum();
        return new DeliveryReport(run.access.mode(), run.delivered, run.folded, run.dropped, pending, run.errors,
                run.retryAt == null ? null : run.retryAt.toString());
    }

    private void deliverThread(String thread, Run run) {
        String resource = "slack#" + thread;
        String holder = UUID.randomUUID().toString();
        if (!acquire(resource, holder)) {
            LOG.info("another invocation is delivering {}: leaving it to that one", thread);
            return;
        }
        try {
            for (int round = 0; round < ROUNDS && !run.stopped && System.nanoTime() < run.deadline; round++) {
                boolean progressed = IncidentStore.isStormKey(thread) ? stormRound(thread, run) : incidentRound(thread, run);
                if (!progressed) {
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
            IncidentStore.pause(5 * (attempt + 1));
        }
        return false;
    }

    // ---- incidents -------------------------------------------------------------------------------------

    private boolean incidentRound(String thread, Run run) {
        Optional<IncidentRecord> found = store.read(thread);
        if (found.isEmpty() || found.get().pending().isEmpty()) {
            return false;
        }
        IncidentRecord record = found.get();
        List<OutboxNotice> notices = store.notices(thread, record.pending());
        Set<String> gone = new TreeSet<>(record.pending());
        notices.forEach(notice -> gone.remove(notice.id()));
        if (!gone.isEmpty()) {
            // Delivered by an invocation whose lease had expired, or expired from the outbox: nothing to send.
            store.delivered(thread, gone, null);
        }
        if (notices.isEmpty()) {
            return !gone.isEmpty();
        }
        Instant now = clock.instant();
        if (waiting(notices.get(0), now, run)) {
            return false;
        }
        if (run.access instanceof SlackAccess.BotToken bot) {
            return botRound(bot, record, notices, now, run);
        }
        return webhookRound((SlackAccess.Webhook) run.access, record, notices, now, run);
    }

    private boolean botRound(SlackAccess.BotToken bot, IncidentRecord record, List<OutboxNotice> notices, Instant now,
                             Run run) {
        Incident incident = record.incident();
        String thread = incident.key();
        List<String> messageIds = new ArrayList<>(notices.stream().filter(n -> n.kind() == Notice.Kind.MESSAGE)
                .map(OutboxNotice::id).toList());
        List<OutboxNotice> replies = notices.stream().filter(n -> n.kind() == Notice.Kind.REPLY).toList();
        SlackRef ref = record.posted() ? new SlackRef(record.channel(), record.ts()) : null;
        String channel = settings.channelFor(incident.severity());
        if (ref == null) {
            // The message is posted under the first notice's id: the one an unanswered earlier post carried.
            OutboxNotice first = notices.get(0);
            if (first.unanswered()) {
                SlackResponse found = slack.find(bot, channel, null, first.metadataId(), first.sentAt());
                if (found instanceof SlackResponse.Accepted accepted && accepted.ref() != null) {
                    LOG.info("the message of {} was posted by an attempt that got no answer: recording it, not posting it again",
                            thread);
                    ref = accepted.ref();
                    List<String> covered = first.kind() == Notice.Kind.MESSAGE ? List.of(first.id()) : List.of();
                    store.delivered(thread, covered, ref);
                    messageIds.removeAll(covered);
                    run.delivered++;
                } else if (!(found instanceof SlackResponse.Missing)) {
                    return failed(thread, first, found, now, run);
                }
            }
        }
        if (ref == null) {
            OutboxNotice first = notices.get(0);
            SlackMessage message = messages.incident(incident, now);
            store.attemptStarted(thread, first.id(), now);
            SlackResponse response = slack.post(bot, channel, message, null, first.metadataId());
            if (response instanceof SlackResponse.Rejected rejected) {
                LOG.error("Slack refused the message of {} ({}); posting it as text only", thread, rejected.why());
                response = slack.post(bot, channel, new SlackMessage(message.text(), List.of()), null, first.metadataId());
            }
            if (!(response instanceof SlackResponse.Accepted accepted) || accepted.ref() == null) {
                return failed(thread, first, response, now, run);
            }
            ref = accepted.ref();
            store.delivered(thread, messageIds, ref);
            run.delivered++;
            run.folded += Math.max(0, messageIds.size() - 1);
        } else if (!messageIds.isEmpty()) {
            // chat.update is idempotent: an update that got no answer is simply made again.
            SlackResponse response = slack.update(bot, ref, messages.incident(incident, now));
            if (response instanceof SlackResponse.Gone gone) {
                LOG.warn("the message of {} is gone from Slack ({}): nothing to update", thread, gone.why());
                store.delivered(thread, messageIds, null);
                run.folded += messageIds.size();
            } else if (response instanceof SlackResponse.Accepted) {
                store.delivered(thread, messageIds, null);
                run.delivered++;
                run.folded += messageIds.size() - 1;
            } else {
                return failed(thread, notices.stream().filter(n -> messageIds.contains(n.id())).findFirst().orElseThrow(),
                        response, now, run);
            }
        }
        for (OutboxNotice reply : replies) {
            if (waiting(reply, now, run) || System.nanoTime() > run.deadline) {
                return false;
            }
            Boolean done = reply(bot, thread, ref, reply, messages.reply(reply.text(), thread, false), now, run);
            if (done != null) {
                return done;
            }
        }
        return true;
    }

    /**
     * One thread reply: looked for first when an earlier post of it got no answer, else posted. Null when it
     * is delivered (go on with the next one); otherwise what the round returns.
     */
    private Boolean reply(SlackAccess.BotToken bot, String thread, SlackRef ref, OutboxNotice reply, SlackMessage message,
                          Instant now, Run run) {
        if (reply.unanswered()) {
            SlackResponse found = slack.find(bot, ref.channel(), ref.ts(), reply.metadataId(), reply.sentAt());
            if (found instanceof SlackResponse.Accepted) {
                LOG.info("reply {} of {} was posted by an attempt that got no answer: not posting it again", reply.id(), thread);
                store.delivered(thread, List.of(reply.id()), null);
                run.delivered++;
                return null;
            }
            if (!(found instanceof SlackResponse.Missing)) {
                return failed(thread, reply, found, now, run);
            }
        }
        store.attemptStarted(thread, reply.id(), now);
        SlackResponse response = slack.post(bot, ref.channel(), message, ref.ts(), reply.metadataId());
        if (!(response instanceof SlackResponse.Accepted)) {
            return failed(thread, reply, response, now, run);
        }
        store.delivered(thread, List.of(reply.id()), null);
        run.delivered++;
        return null;
    }

    private boolean webhookRound(SlackAccess.Webhook webhook, IncidentRecord record, List<OutboxNotice> notices,
                                 Instant now, Run run) {
        String thread = record.incident().key();
        List<String> folded = new ArrayList<>();
        for (OutboxNotice notice : notices) {
            boolean posts = notice.kind() == Notice.Kind.MESSAGE && notice.phase() != Notice.Phase.UPDATED;
            if (!posts) {
                folded.add(notice.id());
                continue;
            }
            if (!folded.isEmpty()) {
                store.delivered(thread, folded, null);
                run.folded += folded.size();
                folded.clear();
            }
            if (waiting(notice, now, run) || System.nanoTime() > run.deadline) {
                return false;
            }
            Incident snapshot = notice.snapshot() != null ? notice.snapshot() : record.incident();
            Instant asOf = snapshot.resolvedAt() != null ? snapshot.resolvedAt() : snapshot.lastChangeAt();
            SlackResponse response = slack.send(webhook, messages.incident(snapshot, asOf));
            if (!(response instanceof SlackResponse.Accepted)) {
                return failed(thread, notice, response, now, run);
            }
            store.delivered(thread, List.of(notice.id()), null);
            run.delivered++;
        }
        if (!folded.isEmpty()) {
            store.delivered(thread, folded, null);
            run.folded += folded.size();
        }
        return true;
    }

    // ---- storms ----------------------------------------------------------------------------------------

    private boolean stormRound(String thread, Run run) {
        Optional<StormRecord> found = store.readStorm(thread);
        if (found.isEmpty() || (found.get().pending().isEmpty() && found.get().ts() != null)) {
            return false;
        }
        StormRecord storm = found.get();
        Instant now = clock.instant();
        boolean bot = run.access instanceof SlackAccess.BotToken;
        Set<String> replyIds = new TreeSet<>(storm.pending());
        replyIds.remove(StormRecord.MESSAGE);
        boolean showRollUp = storm.pending().contains(StormRecord.MESSAGE) || (bot && storm.ts() == null);
        boolean progressed = false;
        if (showRollUp) {
            if (run.blockedUntil != null && now.isBefore(run.blockedUntil)) {
                return false;
            }
            Map<String, Incident> members = store.readIncidents(storm.members());
            long shownVersion = storm.refreshVersion();
            if (bot) {
                SlackAccess.BotToken token = (SlackAccess.BotToken) run.access;
                SlackMessage rollUp = messages.storm(storm, members, now);
                SlackResponse response;
                if (storm.ts() == null) {
                    Severity severity = members.values().stream().map(Incident::severity).reduce(Severity.WARNING, Severity::worst);
                    String channel = settings.channelFor(severity);
                    OutboxNotice notice = store.notices(thread, List.of(StormRecord.MESSAGE)).stream().findFirst().orElse(null);
                    String noticeId = OutboxNotice.noticeId(thread, StormRecord.MESSAGE);
                    if (notice != null && notice.unanswered()) {
                        SlackResponse lookup = slack.find(token, channel, null, noticeId, notice.sentAt());
                        if (lookup instanceof SlackResponse.Accepted accepted && accepted.ref() != null) {
                            LOG.info("the roll-up of {} was posted by an attempt that got no answer: not posting it again", thread);
                            // Recorded as shown at no version, so its message notice stays: the next round updates
                            // the roll-up found (rendered back then) to show the storm as it is now.
                            store.stormShown(storm, -1, accepted.ref(), true, false);
                            run.delivered++;
                            return true;
                        }
                        if (!(lookup instanceof SlackResponse.Missing)) {
                            return failed(thread, StormRecord.MESSAGE, lookup, now, run);
                        }
                    }
                    store.attemptStarted(thread, StormRecord.MESSAGE, now);
                    response = slack.post(token, channel, rollUp, null, noticeId);
                } else {
                    response = slack.update(token, new SlackRef(storm.channel(), storm.ts()), rollUp);
                }
                if (response instanceof SlackResponse.Accepted || response instanceof SlackResponse.Gone) {
                    SlackRef posted = response instanceof SlackResponse.Accepted accepted ? accepted.ref() : null;
                    store.stormShown(storm, shownVersion, storm.ts() == null ? posted : null, true, false);
                    run.delivered++;
                    progressed = true;
                    if (storm.ts() == null && posted != null) {
                        storm = store.readStorm(thread).orElse(storm);
                    }
                } else {
                    return failed(thread, StormRecord.MESSAGE, response, now, run);
                }
            } else {
                if (now.isBefore(storm.postAfter())) {
                    run.waitUntil(storm.postAfter());
                    return false;
                }
                boolean allResolved = !members.isEmpty() && members.values().stream().noneMatch(Incident::isOpen);
                boolean post = !storm.openPosted() || (allResolved && !storm.resolvedPosted());
                if (post) {
                    SlackResponse response = slack.send((SlackAccess.Webhook) run.access, messages.storm(storm, members, now));
                    if (!(response instanceof SlackResponse.Accepted)) {
                        return failed(thread, StormRecord.MESSAGE, response, now, run);
                    }
                    run.delivered++;
                } else {
                    run.folded++;
                }
                store.stormShown(storm, shownVersion, null, true, storm.resolvedPosted() || (post && allResolved));
                progressed = true;
            }
        }
        if (replyIds.isEmpty()) {
            return progressed;
        }
        List<OutboxNotice> replies = store.notices(thread, replyIds);
        if (!bot) {
            store.delivered(thread, replyIds, null);
            run.folded += replies.size();
            return true;
        }
        if (storm.ts() == null) {
            return progressed;
        }
        SlackRef rollUpRef = new SlackRef(storm.channel(), storm.ts());
        for (OutboxNotice reply : replies) {
            if (waiting(reply, now, run) || System.nanoTime() > run.deadline) {
                return false;
            }
            Boolean done = reply((SlackAccess.BotToken) run.access, thread, rollUpRef, reply,
                    messages.reply(reply.text(), thread, false), now, run);
            if (done != null) {
                return done;
            }
        }
        return true;
    }

    // ---- failures --------------------------------------------------------------------------------------

    private boolean waiting(OutboxNotice notice, Instant now, Run run) {
        if (run.blockedUntil != null && now.isBefore(run.blockedUntil)) {
            return true;
        }
        if (notice.notBefore() != null && now.isBefore(notice.notBefore())) {
            run.waitUntil(notice.notBefore());
            return true;
        }
        return false;
    }

    private boolean failed(String thread, OutboxNotice notice, SlackResponse response, Instant now, Run run) {
        return failed(thread, notice.id(), response, now, run);
    }

    private boolean failed(String thread, String noticeId, SlackResponse response, Instant now, Run run) {
        String why = SlackGateway.redact(run.access, describe(response));
        if (response instanceof SlackResponse.Rejected) {
            // Slack will never take it as it is: keeping it would block the thread for good.
            LOG.error("dropped notice {} of {}: {}", noticeId, thread, why);
            if (StormRecord.MESSAGE.equals(noticeId)) {
                store.attemptFailed(thread, noticeId, why, null, true);
            } else {
                store.delivered(thread, List.of(noticeId), null);
            }
            run.dropped++;
            run.errors.add(thread + ": " + why);
            return false;
        }
        Instant notBefore = null;
        if (response instanceof SlackResponse.RetryLater later && later.retryAfter() != null) {
            notBefore = now.plus(later.retryAfter());
            run.block(notBefore);
        }
        store.attemptFailed(thread, noticeId, why, notBefore, !(response instanceof SlackResponse.NoAnswer));
        if (response instanceof SlackResponse.Misconfigured) {
            LOG.error("Slack notices of {} stay in the outbox: {}", thread, why);
        } else {
            LOG.warn("Slack notices of {} stay in the outbox for the next attempt: {}", thread, why);
        }
        run.errors.add(thread + ": " + why);
        // Rate limits, outages and wrong credentials affect every thread alike: stop here.
        run.stopped = true;
        return false;
    }

    private static String describe(SlackResponse response) {
        if (response instanceof SlackResponse.RetryLater later) {
            return later.why() + (later.retryAfter() == null ? "" : "; Retry-After " + later.retryAfter().toSeconds() + " s");
        }
        if (response instanceof SlackResponse.NoAnswer none) {
            return none.why();
        }
        if (response instanceof SlackResponse.Misconfigured misconfigured) {
            return misconfigured.why();
        }
        if (response instanceof SlackResponse.Rejected rejected) {
            return rejected.why();
        }
        if (response instanceof SlackResponse.Gone gone) {
            return gone.why();
        }
        return "accepted without a message reference";
    }

    /** One invocation's delivery: its credentials, its deadline, what it did. */
    private static final class Run {
        final SlackAccess access;
        final long deadline;
        final List<String> errors = new ArrayList<>();
        int delivered;
        int folded;
        int dropped;
        boolean stopped;
        @Nullable
        Instant blockedUntil;
        @Nullable
        Instant retryAt;

        Run(SlackAccess access, long deadline) {
            this.access = access;
            this.deadline = deadline;
        }

        void block(Instant until) {
            blockedUntil = blockedUntil == null || until.isAfter(blockedUntil) ? until : blockedUntil;
            waitUntil(until);
        }

        void waitUntil(Instant until) {
            retryAt = retryAt == null || until.isBefore(retryAt) ? until : retryAt;
        }
    }
}
