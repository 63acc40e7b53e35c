package link.buddyverse.ops.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import link.buddyverse.ops.localslack.SlackHistory;

/**
 * What happened during the demo, in order: each entry with the time since the demo began, the drill it belongs
 * to, what kind of thing it is and who did it. The terminal shows entries as they come; the report shows them
 * all, with the group's capacity ({@link Sample}) drawn over the same time.
 */
public final class Timeline {

    /** What kind of thing an entry is; the label the terminal and the report show for it. */
    public enum Kind {
        DRILL("drill"),
        /** What the owners did by hand in their drill (stress the CPU, kill an instance, stop Apache). */
        ACTION("owners"),
        /** Something AWS did that moto models itself. */
        AWS("aws"),
        /** Something AWS would do by itself that moto does not model: the drill plays it, here and only here. */
        AWS_PART("aws's part"),
        FUNCTION("function"),
        /** What the incident notifier told Slack: a message posted or edited, a thread reply. */
        SLACK("slack"),
        CHANGE("change"),
        PASS("pass"),
        FAIL("FAIL"),
        PENDING("pending"),
        NOTE("note");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One line of the timeline; {@code details} are the lines under it (a plan's actions and reasons). */
    public record Entry(long millis, String drill, Kind kind, String text, List<String> details) {
    }

    /** The Auto Scaling group's capacity at a moment. */
    public record Sample(long millis, String drill, int desired, int inService, int max) {
    }

    private final long start = System.nanoTime();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Consumer<Entry> listener;
    private String drill = "";

    public Timeline(Consumer<Entry> listener) {
        this.listener = listener;
    }

    public synchronized long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    public synchronized void beginDrill(String title) {
        drill = title;
    }

    public void add(Kind kind, String text) {
        add(kind, text, List.of());
    }

    public void add(Kind kind, String text, List<String> details) {
        Entry entry;
        synchronized (this) {
            entry = new Entry(elapsedMillis(), drill, kind, text, List.copyOf(details));
            entries.add(entry);
        }
        listener.accept(entry);
    }

    public synchronized void sample(int desired, int inService, int max) {
        samples.add(new Sample(elapsedMillis(), drill, desired, inService, max));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** A picture a drill shows in the report (a dashboard before and after, say): a title and an HTML fragment. */
    public record Attachment(String drill, String title, String html) {
    }

    private final List<Attachment> attachments = new ArrayList<>();

    /** What a drill left in Slack: the messages it posted, edited or replied to, as the channels read after it. */
    public record SlackStory(String drill, SlackHistory channels) {
    }

    private final List<SlackStory> slackStories = new ArrayList<>();

    public synchronized void slackStory(SlackHistory channels) {
        slackStories.add(new SlackStory(drill, channels));
    }

    public synchronized List<SlackStory> slackStories() {
        return List.copyOf(slackStories);
    }

    public synchronized void attach(String title, String html) {
        attachments.add(new Attachment(drill, title, html));
    }

    public synchronized List<Attachment> attachments() {
        return List.copyOf(attachments);
    }
}
