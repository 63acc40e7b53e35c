package link.buddyverse.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Classes a JVM loaded, from its {@code -Xlog:class+load} file, counted per package bucket. */
record ClassLoads(int total, int fromCdsArchive, Map<String, Integer> byPackage) {

    static ClassLoads read(Path log) throws IOException {
        Map<String, Integer> byPackage = new HashMap<>();
        int total = 0;
        int shared = 0;
        for (String line : Files.readAllLines(log)) {
            int tag = line.indexOf("[class,load] ");
            if (tag < 0) {
                continue;
            }
            String rest = line.substring(tag + "[class,load] ".length());
            int space = rest.indexOf(' ');
            String name = space < 0 ? rest : rest.substring(0, space);
            total++;
            if (rest.contains("source: shared objects file")) {
                shared++;
            }
            byPackage.merge(Packages.of(name), 1, Integer::sum);
        }
        return new ClassLoads(total, shared, byPackage);
    }
}
