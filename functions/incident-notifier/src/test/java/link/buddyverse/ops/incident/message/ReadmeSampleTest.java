package link.buddyverse.ops.incident.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import link.buddyverse.ops.kit.testing.SampleEvents;
import org.junit.jupiter.api.Test;

/**
 * The sample incident the docs show (docs/incident-notifier.md, where it moved from README.md's former notifier
 * section) is what the message builder really makes: its Block Kit JSON and its Block Kit Builder link. When the
 * message changes, print the new ones with {@link SampleIncident#main} and paste them there.
 */
class ReadmeSampleTest {

    @Test
    void theNotifierPageShowsTheSampleIncidentAsTheMessageBuilderRendersIt() throws IOException {
        String page = Files.readString(SampleEvents.repositoryRoot().resolve("docs/incident-notifier.md"));

        assertThat(page).contains("## A sample incident");
        assertThat(page).as("docs/incident-notifier.md's sample Block Kit JSON (java ... SampleIncident prints the current one)")
                .contains(SampleIncident.prettyJson());
        assertThat(page).as("docs/incident-notifier.md's Block Kit Builder link").contains(SampleIncident.builderLink());
    }

    @Test
    void theSampleIsAValidSizeForSlack() {
        SlackMessage message = SampleIncident.message();

        assertThat(message.blocks()).hasSizeLessThanOrEqualTo(50);
        assertThat(SampleIncident.builderLink()).startsWith("https://app.slack.com/block-kit-builder#%7B%22blocks%22%3A%5B");
    }
}
