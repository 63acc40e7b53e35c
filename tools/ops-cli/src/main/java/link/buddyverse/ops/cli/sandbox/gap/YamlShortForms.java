package link.buddyverse.ops.cli.sandbox.gap;

/**
 * moto reads YAML templates with its own short-form tags, which split {@code !GetAtt X.Endpoint.Address} at every
 * dot and leave {@code !GetAtt [X, Y]} unconstructed (HTTP 500). The sandbox reads the template with the CLI's
 * reader (as CloudFormation reads it) and submits it as JSON, where no short form remains.
 */
public final class YamlShortForms implements MotoGap {

    @Override
    public String subject() {
        return "YAML short forms (!GetAtt X.A.B, !GetAtt [X, A])";
    }

    @Override
    public String description() {
        return "moto's YAML reader splits !GetAtt X.Endpoint.Address at every dot and does not construct !GetAtt [X, A]:"
                + " the sandbox reads templates itself and submits them to CreateStack as JSON.";
    }
}
