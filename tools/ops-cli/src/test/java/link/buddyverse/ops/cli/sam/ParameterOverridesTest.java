package link.buddyverse.ops.cli.sam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import link.buddyverse.ops.cli.SetupException;
import org.junit.jupiter.api.Test;

/** --parameter-overrides takes what sam takes. */
class ParameterOverridesTest {

    @Test
    void acceptsKeyValuePairsAsSeparateArgumentsOrOneSpaceSeparatedString() {
        assertThat(ParameterOverrides.parse(List.of("ScaleStep=2", "DryRun=true")))
                .containsEntry("ScaleStep", "2").containsEntry("DryRun", "true");
        assertThat(ParameterOverrides.parse(List.of("ScaleStep=2 MaxSizeCeiling=6")))
                .containsEntry("ScaleStep", "2").containsEntry("MaxSizeCeiling", "6");
    }

    @Test
    void acceptsCloudFormationsParameterKeyParameterValueForm() {
        assertThat(ParameterOverrides.parse(List.of("ParameterKey=GroupName,ParameterValue=Other-Group")))
                .containsEntry("GroupName", "Other-Group");
    }

    @Test
    void keepsEqualsSignsInValuesAndDropsSurroundingQuotes() {
        assertThat(ParameterOverrides.parse(List.of("Filter=a=b", "Name=\"quoted\"")))
                .containsEntry("Filter", "a=b").containsEntry("Name", "quoted");
    }

    @Test
    void rejectsATokenWithoutAKey() {
        assertThatThrownBy(() -> ParameterOverrides.parse(List.of("=2")))
                .isInstanceOf(SetupException.class).hasMessageContaining("Key=Value");
        assertThatThrownBy(() -> ParameterOverrides.parse(List.of("ScaleStep")))
                .isInstanceOf(SetupException.class);
    }
}
