package link.buddyverse.ops.cli.sam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.SetupException;

/**
 * {@code --parameter-overrides} in the spellings sam accepts: {@code Key=Value} pairs, several to an argument
 * when separated by spaces, or CloudFormation's {@code ParameterKey=Key,ParameterValue=Value}.
 */
public final class ParameterOverrides {

    private ParameterOverrides() {
    }

    public static Map<String, String> parse(List<String> arguments) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String argument : arguments) {
            for (String token : argument.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                if (token.startsWith("ParameterKey=")) {
                    String[] parts = token.split(",ParameterValue=", 2);
                    if (parts.length != 2) {
                        throw malformed(token);
                    }
                    overrides.put(parts[0].substring("ParameterKey=".length()), parts[1]);
                } else {
                    int equals = token.indexOf('=');
                    if (equals <= 0) {
                        throw malformed(token);
                    }
                    overrides.put(token.substring(0, equals), unquote(token.substring(equals + 1)));
                }
            }
        }
        return overrides;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static SetupException malformed(String token) {
        return new SetupException("--parameter-overrides expects Key=Value (or ParameterKey=Key,ParameterValue=Value),"
                + " got '" + token + "'");
    }
}
