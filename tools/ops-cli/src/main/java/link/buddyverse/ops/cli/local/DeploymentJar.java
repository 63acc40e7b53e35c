package link.buddyverse.ops.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import link.buddyverse.ops.cli.SetupException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The deployment jar of a function, from its CodeUri: a Maven module directory
 * ({@code functions/scaling-tuner}) means its shaded jar, {@code target/<finalName>.jar} (finalName defaults
 * to the artifactId here); a CodeUri that is itself a jar is taken as is.
 */
final class DeploymentJar {

    private DeploymentJar() {
    }

    static Path locate(Path codeUri, String logicalId) {
        if (codeUri.toString().endsWith(".jar") || codeUri.toString().endsWith(".zip")) {
            return requireExists(codeUri, logicalId, codeUri);
        }
        Path pom = codeUri.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw new SetupException("The CodeUri of " + logicalId + " is " + codeUri + ", which has no pom.xml: ./ops local"
                    + " invoke runs functions from their Maven module (CodeUri: functions/<name>)");
        }
        return requireExists(codeUri.resolve("target").resolve(jarName(pom) + ".jar"), logicalId, codeUri);
    }

    private static Path requireExists(Path jar, String logicalId, Path module) {
        if (!Files.isRegularFile(jar)) {
            throw new SetupException("The deployment jar of " + logicalId + " is missing: " + jar + ". Build it with"
                    + " ./mvnw -B -q install -DskipTests (./ops does that by itself when run through the ./ops launcher),"
                    + " or ./mvnw -pl " + module.getFileName() + " -am package -DskipTests for that module only");
        }
        return jar;
    }

    /** {@code <build><finalName>} when it is a plain name (or the artifactId), else the artifactId. */
    static String jarName(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(pom.toFile());
            Element project = document.getDocumentElement();
            String artifactId = childText(project, "artifactId");
            Element build = child(project, "build");
            String finalName = build == null ? null : childText(build, "finalName");
            if (finalName != null) {
                finalName = finalName.replace("${project.artifactId}", artifactId == null ? "" : artifactId);
                if (!finalName.contains("${")) {
                    return finalName;
                }
            }
            if (artifactId == null) {
                throw new SetupException(pom + " has no artifactId");
            }
            return artifactId;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new SetupException("Could not read " + pom + ": " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static String childText(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }
}
