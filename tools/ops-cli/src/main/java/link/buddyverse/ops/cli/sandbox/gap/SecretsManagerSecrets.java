package link.buddyverse.ops.cli.sandbox.gap;

import java.security.SecureRandom;
import java.util.Map;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.TemplateJson;

/**
 * moto's CloudFormation has no AWS::SecretsManager::Secret. The sandbox creates the secret with CreateSecret
 * before the stack (its SecretString, or one generated as GenerateSecretString describes) and submits its ARN in
 * place of the Ref, which is what CloudFormation's Ref of a secret gives.
 */
public final class SecretsManagerSecrets implements MotoGap {

    static final String TYPE = "AWS::SecretsManager::Secret";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Override
    public String subject() {
        return TYPE;
    }

    @Override
    public String description() {
        return "not in moto's CloudFormation: created with CreateSecret before the stack (SecretString, or one generated as"
                + " GenerateSecretString says), its ARN submitted in place of the Ref.";
    }

    @Override
    public void beforeStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(TYPE)) {
            Map<String, Object> properties = deployment.properties(id);
            String name = properties.containsKey("Name") ? values.text(properties.get("Name")) : deployment.stackName() + "-" + id;
            String description = properties.containsKey("Description") ? values.text(properties.get("Description")) : null;
            String secret = properties.containsKey("SecretString") ? values.text(properties.get("SecretString"))
                    : generated(TemplateJson.map(properties, "GenerateSecretString"), values);
            String arn = deployment.clients().secretsManager().createSecret(b -> b.name(name).description(description)
                    .secretString(secret)).arn();
            deployment.createdBySandbox(id, arn);
            deployment.fill(id + " (" + TYPE + "): created through Secrets Manager as " + name);
        }
    }

    /** A random value, inside SecretStringTemplate under GenerateStringKey when the template asks for that. */
    private static String generated(Map<String, Object> spec, StackValues values) {
        int length = spec.containsKey("PasswordLength") ? Integer.parseInt(values.text(spec.get("PasswordLength"))) : 32;
        SecureRandom random = new SecureRandom();
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < length; i++) {
            value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        if (spec.containsKey("SecretStringTemplate") && spec.containsKey("GenerateStringKey")) {
            String template = values.text(spec.get("SecretStringTemplate")).strip();
            String key = values.text(spec.get("GenerateStringKey"));
            String field = "\"" + key + "\":\"" + value + "\"";
            return template.equals("{}") ? "{" + field + "}" : template.substring(0, template.lastIndexOf('}')) + "," + field + "}";
        }
        return value.toString();
    }
}
