package link.buddyverse.ops.cli.soak;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import link.buddyverse.ops.cli.Json;
import link.buddyverse.ops.cli.OpsCli;
import link.buddyverse.ops.cli.ProjectLayout;
import link.buddyverse.ops.cli.local.FunctionSetup;
import link.buddyverse.ops.cli.sandbox.Sandbox;
import link.buddyverse.ops.cli.sandbox.SandboxClients;
import link.buddyverse.ops.localaws.Call;
import link.buddyverse.ops.localaws.Faults;
import link.buddyverse.ops.localaws.Gateway;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

/**
 * One soak of ScalingTunerFunction (issue 20's "Done when"): the sandbox (moto behind the local-aws gateway, both
 * stacks deployed, as the demo has it) with the tuner's cooldown at 0 so that events on the group collide; its
 * deployment jar under Lambda's runtime interface client in warm containers; a mixed stream of scaling events sent by
 * several senders at once, some to two containers at the same moment; DynamoDB and Auto Scaling throttling and
 * failing through the gateway for the middle of the stream; every failed delivery retried later, as Lambda's async
 * invoke does (after the retry delay, then twice it; two retries at most). What it records goes to
 * {@link SoakChecker}.
 */
final class Soak {

    static final String FUNCTION = "ScalingTunerFunction";
    static final String GROUP = "Buddy-AutoScaling-Group";
    static final String CPU_HIGH = "Buddy-CPU-High";
    static final String CPU_LOW = "Buddy-CPU-Low";
    static final String UNHEALTHY_HOSTS = "Buddy-Unhealthy-Hosts";
    /** template.yaml's MaxSizeCeiling default, the hard ceiling the tuner never goes above. */
    static final int MAX_SIZE_CEILING = 8;
    static final int MAX_RETRIES = 2;
    /**
     * The faults start with the event at this share of the stream and last until the one at the next share, or for
     * {@link Options#faultWindow()}, whichever ends first: "for a while", so that Lambda's retries of what failed under
     * them mostly come after them, as in the issue's run. A retry that fails again without faults is a finding.
     */
    static final double FAULTS_FROM = 0.3;
    static final double FAULTS_TO = 0.6;

    /** What to run. */
    record Options(int events, int containers, int senders, long seed, Duration retryDelay, boolean faults, Duration faultWindow) {
    }

    /** Everything the run recorded, and what the checker made of it. */
    record Run(Options options, List<SoakEvent> events, List<Delivery> deliveries, List<GroupChange> calls,
               GroupSample initial, GroupSample last, List<GroupSample> samples, Map<String, Integer> faultHits,
               int containersStarted, long millis, SoakChecker.Verdict verdict) {
    }

    private final ProjectLayout layout;
    private final Map<String, String> environment;
    private final Path workDir;
    private final PrintWriter progress;

    Soak(ProjectLayout layout, Map<String, String> environment, Path workDir, PrintWriter progress) {
        this.layout = layout;
        this.environment = environment;
        this.workDir = workDir;
        this.progress = progress;
    }

    Run run(Options options) {
        long start = System.nanoTime();
        say("soak: starting the sandbox (moto_server on 127.0.0.1, core/template.yaml and template.yaml's state)");
        try (Sandbox sandbox = Sandbox.start(environment, workDir.resolve("sandbox"))) {
            sandbox.deploy(layout.root());
            Gateway gateway = sandbox.gateway();
            gateway.calls().limit(1_000_000);
            Path envVars = sandbox.writeEnvVars("soak-env.json", Map.of("SCALING_COOLDOWN_SECONDS", "0"));
            Map<String, String> cli = new LinkedHashMap<>(sandbox.awsEnvironment());
            cli.put("PATH", environment.getOrDefault("PATH", "/usr/bin:/bin"));
            cli.put("HOME", environment.getOrDefault("HOME", System.getProperty("user.home")));
            StringWriter warnings = new StringWriter();
            FunctionSetup setup = FunctionSetup.prepare(new OpsCli(Map.copyOf(cli), new ProjectLayout(layout.root(), layout.root())),
                    layout.root().resolve("template.yaml"), FUNCTION, List.of(), envVars, false, new PrintWriter(warnings, true));
            Path jar = setup.readyToRun(new PrintWriter(warnings, true));
            say("soak: " + options.containers() + " warm containers of " + setup.describe() + ", cooldown 0");
            try (TunerPool pool = new TunerPool(setup.lambda(jar), options.containers(), workDir.resolve("logs"))) {
                GroupSample initial = read(sandbox.clients());
                gateway.calls().clear();
                Stream stream = new Stream(options, sandbox, pool);
                stream.send();
                List<GroupChange> calls = groupChanges(gateway.calls().all());
                GroupSample last = read(sandbox.clients());
                SoakChecker.Verdict verdict = new SoakChecker(MAX_SIZE_CEILING).check(stream.events, stream.deliveries, calls, initial,
                        stream.samples);
                writeRecords(stream.deliveries, calls);
                return new Run(options, stream.events, List.copyOf(stream.deliveries), calls, initial, last,
                        List.copyOf(stream.samples), stream.faultHits, pool.started(), (System.nanoTime() - start) / 1_000_000, verdict);
            }
        }
    }

    /** The senders, the retries, the fault window and the sampler of one run. */
    private final class Stream {
        final Options options;
        final Sandbox sandbox;
        final TunerPool pool;
        final EventStream shapes = new EventStream(layout.root());
        final List<SoakEvent> events;
        final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
        final List<GroupSample> samples = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> faultHits = new LinkedHashMap<>();
        final Random random;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger outstanding = new AtomicInteger();
        final List<Faults.Fault> faults = new ArrayList<>();
        final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2, daemon("soak-retry"));
        final ExecutorService copies = Executors.newCachedThreadPool(daemon("soak-copy"));
        volatile boolean sampling = true;

        Stream(Options options, Sandbox sandbox, TunerPool pool) {
            this.options = options;
            this.sandbox = sandbox;
            this.pool = pool;
            this.events = EventStream.generate(options.events(), options.seed());
            this.random = new Random(options.seed() ^ 0x5eed);
        }

        void send() {
            Thread sampler = new Thread(this::sample, "soak-sampler");
            sampler.setDaemon(true);
            sampler.start();
            ExecutorService senders = Executors.newFixedThreadPool(options.senders(), daemon("soak-sender"));
            try {
                for (SoakEvent event : events) {
                    outstanding.incrementAndGet();
                    senders.submit(() -> first(event));
                }
                senders.shutdown();
                senders.awaitTermination(6, TimeUnit.HOURS);
                int waiting;
                long lastSaid = 0;
                while ((waiting = outstanding.get()) > 0) {
                    if (System.nanoTime() - lastSaid > 15_000_000_000L) {
                        say("soak: all " + events.size() + " events sent; " + waiting + " event(s) still have a delivery or a"
                                + " retry to come");
                        lastSaid = System.nanoTime();
                    }
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                sampling = false;
                endFaults();
                senders.shutdownNow();
                retries.shutdownNow();
                copies.shutdownNow();
            }
        }

        /** The event's first delivery: its alarm set in CloudWatch to match, a fresh time, one container or two at once. */
        private void first(SoakEvent event) {
            try {
                int n = started.getAndIncrement();
                if (options.faults() && n == (int) (events.size() * FAULTS_FROM)) {
                    beginFaults();
                }
                if (options.faults() && n == (int) (events.size() * FAULTS_TO)) {
                    endFaults();
                }
                if (n > 0 && n % 50 == 0) {
                    say("soak: " + n + "/" + events.size() + " events sent, " + deliveries.size() + " deliveries answered");
                }
                matchAlarms(event.kind());
                byte[] json = shapes.json(event, Instant.now()).getBytes(StandardCharsets.UTF_8);
                int slot = pick(-1);
                if (event.duplicated()) {
                    int other = pick(slot);
                    outstanding.incrementAndGet();
                    CompletableFuture.runAsync(() -> deliver(event, json, 0, true, other), copies);
                }
                deliver(event, json, 0, false, slot);
            } catch (RuntimeException e) {
                say("soak: sending " + event.id() + " broke: " + e);
                outstanding.decrementAndGet();
            }
        }

        /** One delivery; a failed one is retried later, as Lambda's async invoke does, until its retries are used up. */
        private void deliver(SoakEvent event, byte[] json, int attempt, boolean copy, int slot) {
            try {
                String requestId = UUID.randomUUID().toString();
                Instant start = Instant.now();
                var answer = pool.invoke(slot, requestId, json);
                Delivery delivery = delivery(event, attempt, copy, slot, requestId, start, Instant.now(), answer.status().name(),
                        answer.body(), answer.logs());
                deliveries.add(delivery);
                if (delivery.failed() && attempt < MAX_RETRIES) {
                    long delay = options.retryDelay().toMillis() * (attempt + 1);
                    retries.schedule(() -> deliver(event, json, attempt + 1, copy, pick(-1)), delay, TimeUnit.MILLISECONDS);
                    return;
                }
            } catch (RuntimeException e) {
                say("soak: delivering " + event.id() + " broke: " + e);
            }
            outstanding.decrementAndGet();
        }

        private int pick(int not) {
            synchronized (random) {
                if (pool.size() == 1) {
                    return 0;
                }
                int slot;
                do {
                    slot = random.nextInt(pool.size());
                } while (slot == not);
                return slot;
            }
        }

        /** The alarm of the event in the state the event says, so that the tuner's freshness check agrees with it. */
        private void matchAlarms(SoakEvent.Kind kind) {
            switch (kind) {
                case CPU_HIGH_ALARM -> {
                    alarm(CPU_HIGH, StateValue.ALARM);
                    alarm(CPU_LOW, StateValue.OK);
                }
                case CPU_LOW_ALARM -> {
                    alarm(CPU_LOW, StateValue.ALARM);
                    alarm(CPU_HIGH, StateValue.OK);
                }
                case CPU_HIGH_OK -> alarm(CPU_HIGH, StateValue.OK);
                case UNHEALTHY_HOSTS_ALARM -> alarm(UNHEALTHY_HOSTS, StateValue.ALARM);
                case SCHEDULE_TICK -> {
                    // the tick asks CloudWatch whatever the alarms say now
                }
            }
        }

        private void alarm(String name, StateValue state) {
            sandbox.clients().cloudWatch().setAlarmState(b -> b.alarmName(name).stateValue(state).stateReason("set by ./ops soak"));
        }

        /** DynamoDB and Auto Scaling throttling or failing, through the gateway, for the middle of the stream. */
        private synchronized void beginFaults() {
            Faults gatewayFaults = sandbox.gateway().faults();
            gatewayFaults.seed(options.seed());
            faults.add(gatewayFaults.on("dynamodb", "*").throttle().fraction(0.25));
            faults.add(gatewayFaults.on("dynamodb", "UpdateItem").serverError().fraction(0.05));
            faults.add(gatewayFaults.on("autoscaling", "SetDesiredCapacity").throttle().fraction(0.3));
            faults.add(gatewayFaults.on("autoscaling", "SetDesiredCapacity").dropConnection().fraction(0.1));
            faults.add(gatewayFaults.on("autoscaling", "UpdateAutoScalingGroup").throttle().fraction(0.3));
            faults.add(gatewayFaults.on("autoscaling", "UpdateAutoScalingGroup").dropConnection().fraction(0.1));
            faults.add(gatewayFaults.on("autoscaling", "DescribeAutoScalingGroups").serverError().fraction(0.15));
            say("soak: faults on for at most " + options.faultWindow().toSeconds() + " s: " + faults.stream().map(Object::toString).toList());
            retries.schedule(this::endFaults, options.faultWindow().toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void endFaults() {
            if (faults.isEmpty()) {
                return;
            }
            for (Faults.Fault fault : faults) {
                faultHits.merge(fault.toString(), fault.hits(), Integer::sum);
                fault.cancel();
            }
            faults.clear();
            say("soak: faults off (" + faultHits.values().stream().mapToInt(Integer::intValue).sum() + " calls hit)");
        }

        /** The group's capacity every 250 ms, for the bounds check; a read that fails (a fault) is skipped. */
        private void sample() {
            while (sampling) {
                try {
                    samples.add(read(sandbox.clients()));
                } catch (RuntimeException faulted) {
                    // the next read
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    static Delivery delivery(SoakEvent event, int attempt, boolean copy, int slot, String requestId, Instant start, Instant end,
                             String answer, String body, List<String> logs) {
        List<Delivery.Step> logged = loggedChanges(event.id(), logs);
        Object parsed;
        try {
            parsed = Json.parse(body);
        } catch (Json.MalformedJsonException e) {
            parsed = null;
        }
        Map<?, ?> result = parsed instanceof Map<?, ?> map ? map : Map.of();
        if (!"ANSWERED".equals(answer)) {
            String reason = result.get("errorType") + ": " + result.get("errorMessage");
            return new Delivery(event.id(), event.kind(), attempt, copy, slot, requestId, start, end, answer, null, reason, List.of(),
                    logged);
        }
        List<Delivery.Step> steps = new ArrayList<>();
        List<?> plan = result.get("plan") instanceof List<?> list ? list : List.of();
        List<?> outcomes = result.get("outcomes") instanceof List<?> list ? list : List.of();
        for (int i = 0; i < plan.size(); i++) {
            Map<?, ?> action = plan.get(i) instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> outcome = i < outcomes.size() && outcomes.get(i) instanceof Map<?, ?> m ? m : Map.of();
            steps.add(new Delivery.Step(text(action.get("action")), text(action.get("before")), text(action.get("after")),
                    text(outcome.get("status")), text(outcome.get("detail"))));
        }
        return new Delivery(event.id(), event.kind(), attempt, copy, slot, requestId, start, end, answer,
                text(result.get("status")), text(result.get("reason")), steps, logged);
    }

    /**
     * The changes an invocation's log says it made: ops-kit's Applier logs "applied &lt;action&gt; on &lt;target&gt;:
     * &lt;before&gt; -&gt; &lt;after&gt; (&lt;reason&gt;)" once AWS answered success, on a line that carries the event id.
     */
    static List<Delivery.Step> loggedChanges(String eventId, List<String> logs) {
        List<Delivery.Step> changes = new ArrayList<>();
        for (String line : logs) {
            if (!line.startsWith("{") || !line.contains("applied ")) {
                continue;
            }
            Object parsed;
            try {
                parsed = Json.parse(line);
            } catch (Json.MalformedJsonException notJson) {
                continue;
            }
            if (!(parsed instanceof Map<?, ?> entry) || !(entry.get("formattedMessage") instanceof String message)
                    || !(entry.get("mdc") instanceof Map<?, ?> mdc) || !eventId.equals(mdc.get("correlationId"))) {
                continue;
            }
            java.util.regex.Matcher applied = APPLIED.matcher(message);
            if (applied.find()) {
                changes.add(new Delivery.Step(applied.group(1), applied.group(2), applied.group(3), "applied", "logged"));
            }
        }
        return changes;
    }

    private static final java.util.regex.Pattern APPLIED = java.util.regex.Pattern.compile("^applied (\\w+) on \\S+: (.*?) -> (.*?) \\(");

    /** What the checker read, for a person to follow a finding: target/soak/deliveries.json and group-calls.json. */
    private void writeRecords(List<Delivery> deliveries, List<GroupChange> calls) {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        try {
            java.nio.file.Files.createDirectories(workDir);
            List<Delivery> sorted;
            synchronized (deliveries) {
                sorted = deliveries.stream().sorted(java.util.Comparator.comparing(Delivery::start)).toList();
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Delivery d : sorted) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("eventId", d.eventId());
                row.put("kind", d.kind());
                row.put("attempt", d.attempt());
                row.put("copy", d.copy());
                row.put("container", d.container());
                row.put("requestId", d.requestId());
                row.put("start", d.start().toString());
                row.put("end", d.end().toString());
                row.put("answer", d.answer());
                row.put("status", d.status());
                row.put("reason", d.reason());
                row.put("steps", d.steps());
                row.put("logged", d.logged());
                rows.add(row);
            }
            mapper.writerWithDefaultPrettyPrinter().writeValue(workDir.resolve("deliveries.json").toFile(), rows);
            mapper.writerWithDefaultPrettyPrinter().writeValue(workDir.resolve("group-calls.json").toFile(),
                    calls.stream().map(GroupChange::toString).toList());
        } catch (java.io.IOException e) {
            say("soak: could not write the records to " + workDir + ": " + e.getMessage());
        }
    }

    /** The group's SetDesiredCapacity and UpdateAutoScalingGroup calls, in the order the gateway recorded them. */
    static List<GroupChange> groupChanges(List<Call> calls) {
        List<GroupChange> changes = new ArrayList<>();
        for (Call call : calls) {
            if (call.is("autoscaling", "SetDesiredCapacity") || call.is("autoscaling", "UpdateAutoScalingGroup")) {
                changes.add(new GroupChange(call.time(), call.operation(), integer(call.parameter("DesiredCapacity")),
                        integer(call.parameter("MinSize")), integer(call.parameter("MaxSize")), call.status(), call.handledBy()));
            }
        }
        return changes;
    }

    static GroupSample read(SandboxClients clients) {
        AutoScalingGroup group = clients.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP))
                .autoScalingGroups().get(0);
        return new GroupSample(Instant.now(), group.minSize(), group.desiredCapacity(), group.maxSize());
    }

    private static Integer integer(String text) {
        try {
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private void say(String line) {
        synchronized (progress) {
            progress.println(line);
            progress.flush();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
