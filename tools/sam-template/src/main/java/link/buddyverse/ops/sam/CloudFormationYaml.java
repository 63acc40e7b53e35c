package link.buddyverse.ops.sam;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template written in YAML. The short-form intrinsics ({@code !Ref X},
 * {@code !Sub ...}, {@code !GetAtt A.B}...) become their long form ({@code {"Ref": "X"}},
 * {@code {"Fn::Sub": ...}}, {@code {"Fn::GetAtt": ["A", "B"]}}), as CloudFormation itself reads them, so
 * that one evaluator ({@link Intrinsics}) handles both spellings.
 */
public final class CloudFormationYaml {

    private static final List<String> SHORT_FORMS = List.of(
            "Ref", "Condition", "Sub", "GetAtt", "If", "Join", "Select", "Split", "FindInMap", "Base64", "Cidr",
            "Equals", "And", "Or", "Not", "GetAZs", "ImportValue", "Transform", "ToJsonString", "Length");

    private CloudFormationYaml() {
    }

    public static Map<String, Object> load(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new TemplateConstructor(options)).load(reader);
            if (!(document instanceof Map<?, ?> map)) {
                throw new TemplateException(file + " is not a CloudFormation template: expected a YAML mapping with Resources");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> template = (Map<String, Object>) map;
            return template;
        } catch (NoSuchFileException e) {
            throw new TemplateException("No template at " + file + ": pass one with --template, or run from the project"
                    + " (its template.yaml is the default)");
        } catch (IOException e) {
            throw new TemplateException("Could not read " + file + ": " + e.getMessage(), e);
        } catch (YAMLException e) {
            throw new TemplateException(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    private static final class TemplateConstructor extends SafeConstructor {

        TemplateConstructor(LoaderOptions options) {
            super(options);
            // CloudFormation keeps an unquoted 2010-09-09 a string; SnakeYAML would make it a java.util.Date.
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            for (String function : SHORT_FORMS) {
                yamlConstructors.put(new Tag("!" + function), new ShortForm(function));
            }
        }

        private final class ShortForm extends AbstractConstruct {

            private final String function;

            ShortForm(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    argument = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    argument = new ArrayList<>(constructSequence(sequence));
                } else {
                    argument = constructMapping((MappingNode) node);
                }
                if (function.equals("GetAtt") && argument instanceof String dotted && dotted.contains(".")) {
                    int dot = dotted.indexOf('.');
                    argument = List.of(dotted.substring(0, dot), dotted.substring(dot + 1));
                }
                String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                Map<String, Object> longForm = new LinkedHashMap<>();
                longForm.put(key, argument);
                return longForm;
            }
        }
    }
}
