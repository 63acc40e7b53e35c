package link.buddyverse.ops.incident.delivery;

import io.micronaut.core.annotation.Nullable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import link.buddyverse.ops.incident.NotifierSettings;
import link.buddyverse.ops.incident.lifecycle.Incident;
import link.buddyverse.ops.incident.lifecycle.Notice;
import link.buddyverse.ops.incident.lifecycle.Severity;
import link.buddyverse.ops.incident.message.IncidentMessages;
import link.buddyverse.ops.incident.message.SlackMessage;
import link.buddyverse.ops.incident.store.IncidentRecord;
import link.buddyverse.ops.incident.store.IncidentStore;
import link.buddyverse.ops.incident.store.OutboxNotice;
import link.buddyverse.ops.incident.store.OutboxStore;
import link.buddyverse.ops.incident.store.SlackRef;
import link.buddyverse.ops.incident.store.StormRecord;
import link.buddyverse.ops.incident.store.StormStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One invocation's delivery, through one {@link SlackTransport}: round by round, one thread (incident or storm)
 * at a time, while its caller holds that thread's lease. Within a thread, order is kept: the message is posted
 * before any reply, replies go in the order the events happened, and delivery stops at the first notice Slack
 * does not take, so nothing overtakes it. A notice leaves the outbox in the write that records Slack's answer.
 *
 * <p>What a round does depends only on what the transport can do ({@link SlackTransport#threads()}): show the
 * incident in one message updated in place, with a thread, or post a snapshot at each phase. A storm's roll-up
 * works the same way, a transport that cannot update posting it once the storm's minute is over.
 *
 * <p>Slack rate limiting, 5xx, timeouts and wrong credentials stop this run and leave the notice where it is,
 * with Slack's Retry-After recorded; the every-minute schedule tries again.
 */
final class DeliveryRun {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRun.class);

    private final SlackTransport transport;
    private final long deadline;
    private final IncidentStore incidents;
    private final StormStore storms;
    private final OutboxStore outbox;
    private final IncidentMessages messages;
    private final NotifierSettings settings;
    private final Clock clock;
    private final List<String> errors = new ArrayList<>();
    private int delivered;
    private int folded;
    private int dropped;
    private boolean stopped;
    @Nullable
    private Instant blockedUntil;
    @Nullable
    private Instant retryAt;

    DeliveryRun(SlackTransport transport, long deadline, IncidentStore incidents, StormStore storms, OutboxStore outbox,
                IncidentMessages messages, NotifierSettings settings, Clock clock) {
        this.transport = transport;
        this.deadline = deadline;
        this.incidents = incidents;
        this.storms = storms;
        this.outbox = outbox;
        this.messages = messages;
        this.settings = settings;
        this.clock = clock;
    }

    long deadline() {
        return deadline;
    }

    /** Slack said stop (rate limit, outage, configuration): no further thread this invocation. */
    boolean stopped() {
        return stopped;
    }

    /** One round on a thread; true when it made progress and another round may find more to do. */
    boolean round(String thread) {
        return StormStore.isStormKey(thread) ? stormRound(thread) : incidentRound(thread);
    }

    DeliveryReport report(int pending) {
        return new DeliveryReport(transport.mode(), delivered, folded, dropped, pending, errors,
                retryAt == null ? null : retryAt.toString());
    }

    private void block(Instant until) {
        blockedUntil = blockedUntil == null || until.isAfter(blockedUntil) ? until : blockedUntil;
        waitUntil(until);
    }

    private void waitUntil(Instant until) {
        retryAt = retryAt == null || until.isBefore(retryAt) ? until : retryAt;
    }

    // ---- incidents -------------------------------------------------------------------------------------

    private boolean incidentRound(String thread) {
        Optional<IncidentRecord> found = incidents.read(thread);
        if (found.isEmpty() || found.get().pending().isEmpty()) {
            return false;
        }
        IncidentRecord record = found.get();
        List<OutboxNotice> notices = outbox.notices(thread, record.pending());
        Set<String> gone = new TreeSet<>(record.pending());
        notices.forEach(notice -> gone.remove(notice.id()));
        if (!gone.isEmpty()) {
            // Delivered by an invocation whose lease had expired, or expired from the outbox: nothing to send.
            outbox.delivered(thread, gone, null);
        }
        if (notices.isEmpty()) {
            return !gone.isEmpty();
        }
        Instant now = clock.instant();
        if (waiting(notices.get(0), now)) {
            return false;
        }
        return transport.threads() ? showInPlace(record, notices, now) : postSnapshots(record, notices, now);
    }

    /**
     * A transport that threads (bot): the first message notice posts the incident's message (showing its state
     * as of now); later ones collapse into one chat.update; replies go into its thread, in order.
     */
    private boolean showInPlace(IncidentRecord record, List<OutboxNotice> notices, Instant now) {
        Incident incident = record.incident();
        String thread = incident.key();
        List<String> messageIds = new ArrayList<>(notices.stream().filter(n -> n.kind() == Notice.Kind.MESSAGE)
                .map(OutboxNotice::id).toList());
        List<OutboxNotice> replies = notices.stream().filter(n -> n.kind() == Notice.Kind.REPLY).toList();
        SlackRef ref = record.posted() ? new SlackRef(record.channel(), record.ts()) : null;
        String channel = settings.channelFor(incident.severity());
        String doubt = null;
        if (ref == null) {
            // The message is posted under the first notice's id: the one an unanswered earlier post carried.
            OutboxNotice first = notices.get(0);
            if (first.unanswered()) {
                SlackResponse found = transport.find(channel, null, first.metadataId(), first.sentAt());
                if (found instanceof SlackResponse.Accepted accepted && accepted.ref() != null) {
                    LOG.info("the message of {} was posted by an attempt that got no answer: recording it, not posting it again",
                            thread);
                    ref = accepted.ref();
                    List<String> covered = first.kind() == Notice.Kind.MESSAGE ? List.of(first.id()) : List.of();
                    outbox.delivered(thread, covered, ref);
                    messageIds.removeAll(covered);
                    delivered++;
                } else if (!(found instanceof SlackResponse.Missing)) {
                    doubt = cannotLook(thread, first.id(), found);
                    if (doubt == null) {
                        return failed(thread, first, found, now);
                    }
                }
            }
        }
        if (ref == null) {
            OutboxNotice first = notices.get(0);
            SlackMessage message = messages.possiblyDoubled(messages.incident(incident, now), doubt);
            if (!outbox.attemptStarted(thread, first.id(), now)) {
                // Write-ahead failed: the notice is gone, so another deliverer has it. Never post without the mark.
                return true;
            }
            SlackResponse response = transport.post(channel, message, null, first.metadataId());
            if (response instanceof SlackResponse.Rejected rejected) {
                LOG.error("Slack refused the message of {} ({}); posting it as text only", thread, rejected.why());
                response = transport.post(channel, new SlackMessage(message.text(), List.of()), null, first.metadataId());
            }
            if (!(response instanceof SlackResponse.Accepted accepted) || accepted.ref() == null) {
                return failed(thread, first, response, now);
            }
            ref = accepted.ref();
            outbox.delivered(thread, messageIds, ref);
            delivered++;
            folded += Math.max(0, messageIds.size() - 1);
        } else if (!messageIds.isEmpty()) {
            // chat.update is idempotent: an update that got no answer is simply made again.
            SlackResponse response = transport.update(ref, messages.incident(incident, now));
            if (response instanceof SlackResponse.Gone gone) {
                LOG.warn("the message of {} is gone from Slack ({}): nothing to update", thread, gone.why());
                outbox.delivered(thread, messageIds, null);
                folded += messageIds.size();
            } else if (response instanceof SlackResponse.Accepted) {
                outbox.delivered(thread, messageIds, null);
                delivered++;
                folded += messageIds.size() - 1;
            } else {
                return failed(thread, notices.stream().filter(n -> messageIds.contains(n.id())).findFirst().orElseThrow(),
                        response, now);
            }
        }
        for (OutboxNotice reply : replies) {
            if (waiting(reply, now) || System.nanoTime() > deadline) {
                return false;
            }
            Boolean done = reply(thread, ref, reply, messages.reply(reply.text(), thread, false), now);
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
    private Boolean reply(String thread, SlackRef ref, OutboxNotice reply, SlackMessage message, Instant now) {
        if (reply.unanswered()) {
            SlackResponse found = transport.find(ref.channel(), ref.ts(), reply.metadataId(), reply.sentAt());
            if (found instanceof SlackResponse.Accepted) {
                LOG.info("reply {} of {} was posted by an attempt that got no answer: not posting it again", reply.id(), thread);
                outbox.delivered(thread, List.of(reply.id()), null);
                delivered++;
                return null;
            }
            if (!(found instanceof SlackResponse.Missing)) {
                String doubt = cannotLook(thread, reply.id(), found);
                if (doubt == null) {
                    return failed(thread, reply, found, now);
                }
                message = messages.possiblyDoubled(message, doubt);
            }
        }
        if (!outbox.attemptStarted(thread, reply.id(), now)) {
            return null;
        }
        SlackResponse response = transport.post(ref.channel(), message, ref.ts(), reply.metadataId());
        if (!(response instanceof SlackResponse.Accepted)) {
            return failed(thread, reply, response, now);
        }
        outbox.delivered(thread, List.of(reply.id()), null);
        delivered++;
        return null;
    }

    /**
     * A transport that only posts (webhook): no updates, no threads, so a message is posted when the incident
     * opens, reopens and resolves, each showing the incident as it was then (the resolve message lists every
     * action taken); replies and updates are folded away.
     */
    private boolean postSnapshots(IncidentRecord record, List<OutboxNotice> notices, Instant now) {
        String thread = record.incident().key();
        List<String> foldable = new ArrayList<>();
        for (OutboxNotice notice : notices) {
            boolean posts = notice.kind() == Notice.Kind.MESSAGE && notice.phase() != Notice.Phase.UPDATED;
            if (!posts) {
                foldable.add(notice.id());
                continue;
            }
            if (!foldable.isEmpty()) {
                outbox.delivered(thread, foldable, null);
                folded += foldable.size();
                foldable.clear();
            }
            if (waiting(notice, now) || System.nanoTime() > deadline) {
                return false;
            }
            Incident snapshot = notice.snapshot() != null ? notice.snapshot() : record.incident();
            Instant asOf = snapshot.resolvedAt() != null ? snapshot.resolvedAt() : snapshot.lastChangeAt();
            SlackResponse response = transport.post(null, messages.incident(snapshot, asOf), null, notice.metadataId());
            if (!(response instanceof SlackResponse.Accepted)) {
                return failed(thread, notice, response, now);
            }
            outbox.delivered(thread, List.of(notice.id()), null);
            delivered++;
        }
        if (!foldable.isEmpty()) {
            outbox.delivered(thread, foldable, null);
            folded += foldable.size();
        }
        return true;
    }

    // ---- storms ----------------------------------------------------------------------------------------

    private boolean stormRound(String thread) {
        Optional<StormRecord> found = storms.read(thread);
        if (found.isEmpty() || (found.get().pending().isEmpty() && found.get().ts() != null)) {
            return false;
        }
        StormRecord storm = found.get();
        Instant now = clock.instant();
        boolean bot = transport.threads();
        Set<String> replyIds = new TreeSet<>(storm.pending());
        replyIds.remove(StormRecord.MESSAGE);
        boolean showRollUp = storm.pending().contains(StormRecord.MESSAGE) || (bot && storm.ts() == null);
        boolean progressed = false;
        if (showRollUp) {
            if (blockedUntil != null && now.isBefore(blockedUntil)) {
                return false;
            }
            Map<String, Incident> members = incidents.readIncidents(storm.members());
            long shownVersion = storm.refreshVersion();
            if (bot) {
                SlackMessage rollUp = messages.storm(storm, members, now);
                SlackResponse response;
                boolean inDoubt = false;
                if (storm.ts() == null) {
                    Severity severity = members.values().stream().map(Incident::severity).reduce(Severity.WARNING, Severity::worst);
                    String channel = settings.channelFor(severity);
                    OutboxNotice notice = outbox.notices(thread, List.of(StormRecord.MESSAGE)).stream().findFirst().orElse(null);
                    String noticeId = OutboxNotice.noticeId(thread, StormRecord.MESSAGE);
                    inDoubt = notice != null && notice.unanswered();
                    if (inDoubt) {
                        SlackResponse lookup = transport.find(channel, null, noticeId, notice.sentAt());
                        if (lookup instanceof SlackResponse.Accepted accepted && accepted.ref() != null) {
                            LOG.info("the roll-up of {} was posted by an attempt that got no answer: not posting it again", thread);
                            // Recorded as shown at no version, so its message notice stays: the next round updates
                            // the roll-up found (rendered back then) to show the storm as it is now.
                            storms.shown(storm, -1, accepted.ref(), true, false);
                            delivered++;
                            return true;
                        }
                        if (!(lookup instanceof SlackResponse.Missing)) {
                            String doubt = cannotLook(thread, StormRecord.MESSAGE, lookup);
                            if (doubt == null) {
                                return failed(thread, StormRecord.MESSAGE, true, lookup, now);
                            }
                            rollUp = messages.possiblyDoubled(rollUp, doubt);
                        }
                    }
                    // Write-ahead, even when the roll-up has no message notice (a refresh not asked for yet): the
                    // mark is what makes every later deliverer look before posting a second roll-up.
                    outbox.rollUpAttemptStarted(thread, now);
                    response = transport.post(channel, rollUp, null, noticeId);
                } else {
                    response = transport.update(new SlackRef(storm.channel(), storm.ts()), rollUp);
                }
                if (response instanceof SlackResponse.Accepted || response instanceof SlackResponse.Gone) {
                    SlackRef posted = response instanceof SlackResponse.Accepted accepted ? accepted.ref() : null;
                    storms.shown(storm, shownVersion, storm.ts() == null ? posted : null, true, false);
                    delivered++;
                    progressed = true;
                    if (storm.ts() == null && posted != null) {
                        storm = storms.read(thread).orElse(storm);
                    }
                } else {
                    return failed(thread, StormRecord.MESSAGE, inDoubt, response, now);
                }
            } else {
                if (now.isBefore(storm.postAfter())) {
                    waitUntil(storm.postAfter());
                    return false;
                }
                boolean allResolved = !members.isEmpty() && members.values().stream().noneMatch(Incident::isOpen);
                boolean post = !storm.openPosted() || (allResolved && !storm.resolvedPosted());
                if (post) {
                    SlackResponse response = transport.post(null, messages.storm(storm, members, now), null, OutboxNotice.noticeId(thread, StormRecord.MESSAGE));
                    if (!(response instanceof SlackResponse.Accepted)) {
                        return failed(thread, StormRecord.MESSAGE, false, response, now);
                    }
                    delivered++;
                } else {
                    folded++;
                }
                storms.shown(storm, shownVersion, null, true, storm.resolvedPosted() || (post && allResolved));
                progressed = true;
            }
        }
        if (replyIds.isEmpty()) {
            return progressed;
        }
        List<OutboxNotice> replies = outbox.notices(thread, replyIds);
        if (!bot) {
            outbox.delivered(thread, replyIds, null);
            folded += replies.size();
            return true;
        }
        if (storm.ts() == null) {
            return progressed;
        }
        SlackRef rollUpRef = new SlackRef(storm.channel(), storm.ts());
        for (OutboxNotice reply : replies) {
            if (waiting(reply, now) || System.nanoTime() > deadline) {
                return false;
            }
            Boolean done = reply(thread, rollUpRef, reply, messages.reply(reply.text(), thread, false), now);
            if (done != null) {
                return done;
            }
        }
        return true;
    }

    // ---- failures --------------------------------------------------------------------------------------

    private boolean waiting(OutboxNotice notice, Instant now) {
        if (blockedUntil != null && now.isBefore(blockedUntil)) {
            return true;
        }
        if (notice.notBefore() != null && now.isBefore(notice.notBefore())) {
            waitUntil(notice.notBefore());
            return true;
        }
        return false;
    }

    private boolean failed(String thread, OutboxNotice notice, SlackResponse response, Instant now) {
        return failed(thread, notice.id(), notice.unanswered(), response, now);
    }

    /**
     * Slack did not take a notice. {@code inDoubt}: an earlier attempt at it got no answer, so an answer to this
     * one (an error) does not clear the doubt: the next deliverer still looks before posting.
     */
    private boolean failed(String thread, String noticeId, boolean inDoubt, SlackResponse response, Instant now) {
        String why = transport.redact(describe(response));
        if (response instanceof SlackResponse.Rejected) {
            // Slack will never take it as it is: keeping it would block the thread for good.
            LOG.error("dropped notice {} of {}: {}", noticeId, thread, why);
            if (StormRecord.MESSAGE.equals(noticeId)) {
                outbox.attemptFailed(thread, noticeId, why, null, !inDoubt);
            } else {
                outbox.delivered(thread, List.of(noticeId), null);
            }
            dropped++;
            errors.add(thread + ": " + why);
            return false;
        }
        Instant notBefore = null;
        if (response instanceof SlackResponse.RetryLater later && later.retryAfter() != null) {
            notBefore = now.plus(later.retryAfter());
            block(notBefore);
        }
        outbox.attemptFailed(thread, noticeId, why, notBefore, !inDoubt && !(response instanceof SlackResponse.NoAnswer));
        if (response instanceof SlackResponse.Misconfigured) {
            LOG.error("Slack notices of {} stay in the outbox: {}", thread, why);
        } else {
            LOG.warn("Slack notices of {} stay in the outbox for the next attempt: {}", thread, why);
        }
        errors.add(thread + ": " + why);
        // Rate limits, outages and wrong credentials affect every thread alike: stop here.
        stopped = true;
        return false;
    }

    /**
     * A look-up that cannot be made for good (a missing scope, a channel the token cannot read): null when the
     * failure may pass (rate limit, outage, no answer: stop and look again later); otherwise why, and the notice
     * is posted all the same, flagged as possibly doubled: a notice nobody sees is worse than one seen twice.
     */
    private String cannotLook(String thread, String noticeId, SlackResponse lookup) {
        if (!(lookup instanceof SlackResponse.Misconfigured) && !(lookup instanceof SlackResponse.Rejected)) {
            return null;
        }
        String why = transport.redact(describe(lookup));
        LOG.warn("notice {} of {}: an earlier post got no answer and the look-up before posting again failed ({});"
                + " posting it anyway, flagged as possibly doubled", noticeId, thread, why);
        errors.add(thread + ": posted possibly doubled: " + why);
        return why;
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
}
