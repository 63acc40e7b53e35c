package link.buddyverse.ops.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runner lives next to the function's own jar in the child JVM, so it may reference nothing but the JDK
 * and aws-lambda-java-core: anything else would have to come from the function's jar (and might be another
 * version there) or would be missing.
 */
class RunnerDependenciesTest {

    private static final List<String> ALLOWED = List.of("java/", "com/amazonaws/services/lambda/runtime/",
            "link/buddyverse/ops/cli/invoke/");
    private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+);");

    @Test
    void theRunnerPackageReferencesOnlyTheJdkAndLambdaCore() throws Exception {
        Path classes = Path.of(LambdaRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("link/buddyverse/ops/cli/invoke");
        Set<String> referenced = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    referenced.addAll(classesReferencedBy(new DataInputStream(in)));
                }
            }
        }

        assertThat(referenced).isNotEmpty();
        assertThat(referenced).allSatisfy(name -> assertThat(ALLOWED).anySatisfy(prefix -> assertThat(name).startsWith(prefix)));
    }

    /** Class names in a class file's constant pool: Class entries, and classes inside type descriptors. */
    private static Set<String> classesReferencedBy(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classIndexes = new java.util.ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new TreeSet<>();
        for (int index : classIndexes) {
            String name = utf8[index];
            names.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
        }
        for (String text : utf8) {
            if (text != null && (text.startsWith("(") || text.startsWith("L") && text.endsWith(";"))) {
                Matcher matcher = DESCRIPTOR_CLASS.matcher(text);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        names.removeIf(name -> name.length() == 1); // primitive array element types such as [I
        return names;
    }
}
