package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import link.buddyverse.ops.cli.sandbox.StackValues;
import link.buddyverse.ops.sam.TemplateJson;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * moto's CloudFormation has no AWS::CertificateManager::Certificate (a Ref of it gives nothing, and the HTTPS
 * listener then fails). The sandbox requests the certificate through ACM before the stack (moto's ACM issues it
 * at once), submits its ARN in place of the Ref, and after the stack writes the DNS validation records into the
 * hosted zone the template names, as CloudFormation does when DomainValidationOptions carry a HostedZoneId.
 */
public final class AcmCertificates implements MotoGap {

    static final String TYPE = "AWS::CertificateManager::Certificate";

    @Override
    public String subject() {
        return TYPE;
    }

    @Override
    public String description() {
        return "not in moto's CloudFormation: requested through ACM's RequestCertificate before the stack, its ARN"
                + " submitted in place of the Ref; after the stack its DNS validation records are written to the hosted"
                + " zone named in DomainValidationOptions, as CloudFormation does.";
    }

    @Override
    public void beforeStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(TYPE)) {
            Map<String, Object> properties = deployment.properties(id);
            String domain = values.text(properties.get("DomainName"));
            List<String> alternatives = new ArrayList<>();
            for (Object name : TemplateJson.list(values.evaluate(properties.get("SubjectAlternativeNames")))) {
                alternatives.add(String.valueOf(name));
            }
            String method = properties.containsKey("ValidationMethod") ? values.text(properties.get("ValidationMethod")) : "DNS";
            String arn = deployment.clients().acm().requestCertificate(b -> b.domainName(domain)
                    .subjectAlternativeNames(alternatives.isEmpty() ? null : alternatives)
                    .validationMethod(method)
                    .idempotencyToken(id.replaceAll("[^A-Za-z0-9]", "").substring(0, Math.min(32, id.length()))))
                    .certificateArn();
            deployment.createdBySandbox(id, arn);
            deployment.fill(id + " (" + TYPE + "): requested through ACM, " + arn);
        }
    }

    @Override
    public void afterStack(Deployment deployment) {
        StackValues values = deployment.values();
        for (String id : deployment.resourcesOfType(TYPE)) {
            String arn = deployment.filledResources().get(id);
            List<DomainValidation> validations = deployment.clients().acm()
                    .describeCertificate(b -> b.certificateArn(arn)).certificate().domainValidationOptions();
            for (Object option : TemplateJson.list(deployment.properties(id).get("DomainValidationOptions"))) {
                if (!(option instanceof Map<?, ?> o) || o.get("HostedZoneId") == null) {
                    continue;
                }
                String domain = values.text(o.get("DomainName"));
                String zone = values.text(o.get("HostedZoneId"));
                for (DomainValidation validation : validations) {
                    if (validation.domainName().equals(domain) && validation.resourceRecord() != null) {
                        deployment.clients().route53().changeResourceRecordSets(b -> b.hostedZoneId(zone)
                                .changeBatch(c -> c.changes(change -> change.action(ChangeAction.UPSERT)
                                        .resourceRecordSet(r -> r.name(validation.resourceRecord().name())
                                                .type(RRType.CNAME).ttl(300L)
                                                .resourceRecords(v -> v.value(validation.resourceRecord().value()))))));
                        deployment.fill(id + ": DNS validation record for " + domain + " written to hosted zone " + zone);
                    }
                }
            }
        }
    }
}
