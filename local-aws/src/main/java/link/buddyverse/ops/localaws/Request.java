package link.buddyverse.ops.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request as it reached the gateway, with what it is: service (the SigV4 credential scope, else the
 * X-Amz-Target prefix or the path), operation (X-Amz-Target, the query protocol's {@code Action}, the RPCv2 CBOR
 * path, or the REST route) and protocol.
 */
public final class Request {

    private static final Pattern CREDENTIAL_SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern CBOR_PATH = Pattern.compile("^/service/([^/]+)/operation/([^/?]+)$");
    private static final Pattern EFS_FILE_SYSTEM = Pattern.compile("^/2015-02-01/file-systems/([^/]+)$");

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Protocol protocol;
    private final String service;
    private final String operation;
    private final String region;
    private Map<String, String> form;
    private JsonNode json;

    public Request(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.headers.putAll(headers);
        this.body = body;

        Matcher scope = CREDENTIAL_SCOPE.matcher(headerOr("Authorization", ""));
        String signedService = null;
        String signedRegion = null;
        if (scope.find()) {
            signedRegion = scope.group(1);
            signedService = scope.group(2);
        }
        this.region = signedRegion;
        String target = header("X-Amz-Target");
        Matcher cbor = CBOR_PATH.matcher(path);
        String contentType = headerOr("Content-Type", "").toLowerCase(Locale.ROOT);
        if (cbor.matches() && (header("smithy-protocol") != null || contentType.contains("cbor"))) {
            protocol = Protocol.RPCV2_CBOR;
            operation = cbor.group(2);
            service = signedService != null ? Services.canonical(signedService)
                    : orUnknown(Services.fromTargetPrefix(cbor.group(1)));
        } else if (target != null && target.contains(".")) {
            protocol = Protocol.JSON;
            operation = target.substring(target.lastIndexOf('.') + 1);
            service = signedService != null ? Services.canonical(signedService)
                    : orUnknown(Services.fromTargetPrefix(target.substring(0, target.lastIndexOf('.'))));
        } else if (form().containsKey("Action")) {
            service = signedService != null ? Services.canonical(signedService) : "unknown";
            protocol = service.equals("ec2") ? Protocol.EC2_QUERY : Protocol.QUERY;
            operation = form().get("Action");
        } else if (path.startsWith("/2015-02-01/") || "efs".equals(signedService == null ? null : Services.canonical(signedService))) {
            protocol = Protocol.REST_JSON;
            service = "efs";
            operation = efsOperation(method, path);
        } else if (path.startsWith("/2013-04-01/")) {
            protocol = Protocol.REST_XML;
            service = "route53";
            operation = route53Operation(method, path);
        } else {
            protocol = contentType.contains("json") ? Protocol.REST_JSON : Protocol.REST_XML;
            service = signedService != null ? Services.canonical(signedService) : "unknown";
            operation = method + " " + path;
        }
    }

    private static String orUnknown(String service) {
        return service == null ? "unknown" : service;
    }

    private static String efsOperation(String method, String path) {
        boolean fileSystem = EFS_FILE_SYSTEM.matcher(path).matches();
        if (path.equals("/2015-02-01/file-systems")) {
            return method.equals("POST") ? "CreateFileSystem" : "DescribeFileSystems";
        }
        if (fileSystem) {
            return switch (method) {
                case "PUT" -> "UpdateFileSystem";
                case "DELETE" -> "DeleteFileSystem";
                default -> method + " " + path;
            };
        }
        if (path.equals("/2015-02-01/mount-targets")) {
            return method.equals("POST") ? "CreateMountTarget" : "DescribeMountTargets";
        }
        if (path.startsWith("/2015-02-01/mount-targets/")) {
            return method.equals("DELETE") ? "DeleteMountTarget" : method + " " + path;
        }
        return method + " " + path;
    }

    /** Route 53's REST paths named as its API names them, so faults and recorded calls can say ChangeResourceRecordSets. */
    private static String route53Operation(String method, String path) {
        String resource = path.substring("/2013-04-01/".length()).replaceAll("/+$", "");
        if (resource.matches("hostedzone/[^/]+/rrset")) {
            return method.equals("POST") ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
        }
        if (resource.equals("hostedzonesbyname")) {
            return "ListHostedZonesByName";
        }
        if (resource.equals("hostedzone")) {
            return method.equals("POST") ? "CreateHostedZone" : "ListHostedZones";
        }
        if (resource.matches("hostedzone/[^/]+")) {
            return switch (method) {
                case "GET" -> "GetHostedZone";
                case "DELETE" -> "DeleteHostedZone";
                default -> method + " " + path;
            };
        }
        if (resource.matches("change/[^/]+")) {
            return "GetChange";
        }
        return method + " " + path;
    }

    /** The file system id of an EFS {@code /2015-02-01/file-systems/{id}} path, or null. */
    String efsFileSystemId() {
        Matcher matcher = EFS_FILE_SYSTEM.matcher(path);
        return matcher.matches() ? URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8) : null;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String rawQuery() {
        return rawQuery;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public Protocol protocol() {
        return protocol;
    }

    public String service() {
        return service;
    }

    public String operation() {
        return operation;
    }

    /** The region of the SigV4 credential scope ({@code null} for an unsigned request). */
    public String region() {
        return region;
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private String headerOr(String name, String otherwise) {
        String value = header(name);
        return value == null ? otherwise : value;
    }

    /** Query-protocol parameters: the URL's query and a form-encoded body together. */
    public Map<String, String> form() {
        if (form == null) {
            Map<String, String> values = new LinkedHashMap<>();
            decodeInto(rawQuery, values);
            String type = headerOr("Content-Type", "");
            if (type.startsWith("application/x-www-form-urlencoded") && body.length > 0) {
                decodeInto(new String(body, StandardCharsets.UTF_8), values);
            }
            form = values;
        }
        return form;
    }

    /** A query-protocol parameter, or null. */
    public String param(String name) {
        return form().get(name);
    }

    /** A JSON body as a tree (empty object for an empty body). */
    public JsonNode json() {
        if (json == null) {
            json = Json.parse(body);
        }
        return json;
    }

    /** The parameters as canonical JSON, as recorded in {@link Call#parameters()}. */
    String canonicalParameters() {
        try {
            return switch (protocol) {
                case QUERY, EC2_QUERY -> {
                    ObjectNode node = Json.object();
                    new TreeMap<>(form()).forEach((k, v) -> {
                        if (!k.equals("Action") && !k.equals("Version")) {
                            node.put(k, v);
                        }
                    });
                    yield Json.canonical(node);
                }
                case JSON -> Json.canonical(json());
                case RPCV2_CBOR -> Json.canonical(CborBridge.decode(body));
                case REST_JSON, REST_XML -> {
                    ObjectNode node = Json.object();
                    node.put("method", method);
                    node.put("path", path);
                    if (rawQuery != null) {
                        node.put("query", rawQuery);
                    }
                    if (body.length > 0) {
                        String text = new String(body, StandardCharsets.UTF_8);
                        try {
                            node.set("body", Json.parse(text));
                        } catch (IllegalArgumentException notJson) {
                            node.put("body", text);
                        }
                    }
                    yield Json.canonical(node);
                }
            };
        } catch (RuntimeException unreadable) {
            return "{\"unreadable\":" + body.length + "}";
        }
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void decodeInto(String raw, Map<String, String> values) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    /** This request with another body and headers, as sent on to moto (the CBOR bridge's translation). */
    Request with(String newMethod, String newPath, Map<String, List<String>> newHeaders, byte[] newBody) {
        return new Request(newMethod, newPath, null, newHeaders, newBody);
    }
}
