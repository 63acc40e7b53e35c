package link.buddyverse.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions of template.yaml ({@code AWS::Serverless::Function} resources) with their handler string and
 * CodeUri, read line by line: the bench carries no YAML library, and SAM templates keep these on one line each.
 */
final class Template {

    /** One function: its deployment jar is {@code <codeUri>/target/<last segment of codeUri>.jar}. */
    record Function(String name, String handler, String codeUri) {

        String handlerClass() {
            int colons = handler.indexOf("::");
            return colons < 0 ? handler : handler.substring(0, colons);
        }

        boolean namesMethod() {
            return handler.contains("::");
        }

        Path jar(Path root) {
            String module = codeUri.substring(codeUri.lastIndexOf('/') + 1);
            return root.resolve(codeUri).resolve("target").resolve(module + ".jar");
        }
    }

    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");
    private static final Pattern PROPERTY = Pattern.compile("^\\s+(Type|Handler|CodeUri):\\s*(\\S+)\\s*(#.*)?$");

    private Template() {
    }

    static List<Function> functions(Path root) throws IOException {
        Path template = root.resolve("template.yaml");
        List<Function> functions = new ArrayList<>();
        boolean inResources = false;
        String name = null;
        String type = null;
        String handler = null;
        String codeUri = null;
        for (String line : Files.readAllLines(template)) {
            if (!line.startsWith(" ") && !line.isBlank() && !line.startsWith("#")) {
                add(functions, name, type, handler, codeUri);
                name = null;
                inResources = line.startsWith("Resources:");
                continue;
            }
            if (!inResources) {
                continue;
            }
            Matcher resource = RESOURCE.matcher(line);
            if (resource.matches()) {
                add(functions, name, type, handler, codeUri);
                name = resource.group(1);
                type = null;
                handler = null;
                codeUri = null;
                continue;
            }
            Matcher property = PROPERTY.matcher(line);
            if (name != null && property.matches()) {
                String value = property.group(2).replaceAll("^[\"']|[\"']$", "");
                switch (property.group(1)) {
                    case "Type" -> type = type == null ? value : type;
                    case "Handler" -> handler = handler == null ? value : handler;
                    default -> codeUri = codeUri == null ? value : codeUri;
                }
            }
        }
        add(functions, name, type, handler, codeUri);
        return functions;
    }

    private static void add(List<Function> functions, String name, String type, String handler, String codeUri) {
        if (name != null && "AWS::Serverless::Function".equals(type) && handler != null && codeUri != null) {
            functions.add(new Function(name, handler, codeUri));
        }
    }
}
