package link.buddyverse.ops.incident.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One Block Kit layout block, as Slack's API takes it ({@code {"type": ..., "block_id": ..., ...}}): the four
 * kinds the notifier's messages use, and nothing else. One record rather than a class per kind: a block is a
 * JSON object tagged by {@code type}, and only the fields its kind uses are set (the others are left out of
 * the JSON). Build blocks with the factories, which hold Slack's rules for each kind.
 *
 * <ul>
 *   <li>{@link #header}: plain text, at most 150 characters, emoji shortcodes rendered;</li>
 *   <li>{@link #section}: mrkdwn text (at most 3,000 characters), or up to 10 {@link #fields} shown in two columns;</li>
 *   <li>{@link #divider}: a rule;</li>
 *   <li>{@link #context}: small grey mrkdwn elements (at most 10).</li>
 * </ul>
 * A message carries at most 50 blocks. Block Kit reference: Slack's "Blocks" and "Composition objects" pages.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Block(String type, @JsonProperty("block_id") @Nullable String blockId, @Nullable Text text,
                   @Nullable List<Text> fields, @Nullable List<Text> elements) {

    public static Block header(String blockId, String plainText) {
        return new Block("header", blockId, Text.plain(plainText), null, null);
    }

    /** A section of mrkdwn text; {@code blockId} may be null (Slack then assigns one). */
    public static Block section(@Nullable String blockId, String mrkdwn) {
        return new Block("section", blockId, Text.mrkdwn(mrkdwn), null, null);
    }

    /** A section of fields (mrkdwn), laid out in two columns. */
    public static Block fields(String blockId, List<Text> fields) {
        return new Block("section", blockId, null, List.copyOf(fields), null);
    }

    public static Block divider() {
        return new Block("divider", null, null, null, null);
    }

    public static Block context(String blockId, List<Text> elements) {
        return new Block("context", blockId, null, null, List.copyOf(elements));
    }

    /**
     * A text composition object: {@code plain_text} (with {@code emoji: true}, so shortcodes render) or
     * {@code mrkdwn} (Slack's markup: {@code *bold*}, {@code `code`}, {@code <url|label>}; {@code &}, {@code <}
     * and {@code >} escaped by the caller).
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Text(String type, String text, @Nullable Boolean emoji) {

        public static Text plain(String text) {
            return new Text("plain_text", text, true);
        }

        public static Text mrkdwn(String text) {
            return new Text("mrkdwn", text, null);
        }
    }
}
