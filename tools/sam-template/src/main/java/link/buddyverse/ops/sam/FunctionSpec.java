package link.buddyverse.ops.sam;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One function of the template as Lambda would run it: Globals.Function merged under its own properties
 * and every intrinsic resolved.
 *
 * @param functionName   FunctionName if the template sets one, else the logical id (what sam local reports)
 * @param codeUri        absolute; relative CodeUri is resolved against the template's directory, as sam does
 * @param environment    Environment.Variables, resolved, as the template declares them
 * @param logFormat      LoggingConfig.LogFormat ({@code JSON} or {@code Text}), if set
 * @param warnings       what could not be resolved locally and was replaced by a placeholder
 */
public record FunctionSpec(
        String logicalId,
        String functionName,
        String handler,
        String runtime,
        int memorySize,
        int timeoutSeconds,
        Path codeUri,
        Map<String, String> environment,
        String logFormat,
        List<String> warnings) {

    /** Lambda's defaults when neither the function nor Globals set them. */
    public static final int DEFAULT_MEMORY_MB = 128;
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;

    /** The class of a Java handler string: {@code package.Class} of {@code package.Class} or {@code package.Class::method}. */
    public String handlerClass() {
        int colons = handler.indexOf("::");
        return colons < 0 ? handler : handler.substring(0, colons);
    }

    /** Whether the handler string names a method ({@code package.Class::method}), which Lambda then binds the event to. */
    public boolean handlerNamesMethod() {
        return handler.contains("::");
    }
}
