package link.buddyverse.ops.bench;

import java.util.ArrayList;
import java.util.List;

/** The harness's command line. */
record Options(int runs, int warmInvocations, boolean json, boolean withoutFix, List<String> functions) {

    static final String USAGE = "usage: java -cp bench/target/bench.jar link.buddyverse.ops.bench.BenchMain"
            + " [--runs N] [--quick] [--json] [--function NAME]... [--without-fix]";

    static void help() {
        System.out.println(USAGE);
        System.out.println("  --runs N          cold starts per subject and flag set (default 10)");
        System.out.println("  --quick           3 runs and 2,000 warm invocations: a smoke check");
        System.out.println("  --json            one JSON object on stdout instead of the table");
        System.out.println("  --function NAME   only this function of template.yaml (repeatable; default: all of them)");
        System.out.println("  --without-fix     also run each warm container without ops-kit's CurrentInvocation fix");
        System.out.println("Measures the jars under -Dops.root (default: the current directory) with the plain handlers");
        System.out.println("and the runtime interface client of the bench.jar it runs from.");
    }

    /** Null for --help. */
    static Options parse(String[] args) {
        int runs = 10;
        int warm = 10_000;
        boolean json = false;
        boolean runsGiven = false;
        boolean quick = false;
        boolean withoutFix = false;
        List<String> functions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--quick" -> quick = true;
                case "--without-fix" -> withoutFix = true;
                case "--function" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--function needs a name from template.yaml");
                    }
                    functions.add(args[++i]);
                }
                case "--runs" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--runs needs a number");
                    }
                    try {
                        runs = Integer.parseInt(args[++i]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--runs needs a number, got '" + args[i] + "'");
                    }
                    if (runs < 1) {
                        throw new IllegalArgumentException("--runs must be at least 1");
                    }
                    runsGiven = true;
                }
                case "-h", "--help" -> {
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (quick) {
            warm = 2_000;
            if (!runsGiven) {
                runs = 3;
            }
        }
        return new Options(runs, warm, json, withoutFix, List.copyOf(functions));
    }
}
