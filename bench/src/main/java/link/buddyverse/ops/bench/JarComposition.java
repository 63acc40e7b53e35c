package link.buddyverse.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A jar's size on disk and its compressed bytes per package bucket (resources apart), to say what makes it big. */
record JarComposition(long bytes, int classes, Map<String, Long> compressedByPackage) {

    static JarComposition of(Path jar) throws IOException {
        Map<String, Long> byPackage = new HashMap<>();
        int classes = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                String bucket;
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    classes++;
                    bucket = Packages.of(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                } else {
                    bucket = "resources (META-INF, json, ...)";
                }
                byPackage.merge(bucket, Math.max(0, entry.getCompressedSize()), Long::sum);
            }
        }
        return new JarComposition(Files.size(jar), classes, byPackage);
    }
}
