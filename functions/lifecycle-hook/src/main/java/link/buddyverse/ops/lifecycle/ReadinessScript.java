package link.buddyverse.ops.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell script (AWS-RunShellScript, POSIX sh) that asks a launching instance whether it serves: Apache answers
 * on the target group's health-check path and port with one of the matcher's codes, the shared file system is
 * mounted, cloud-init has finished. Its exit code is the verdict the planner reads:
 * {@value #READY} ready, {@value #FAILED_FOR_GOOD} failed for good (cloud-init has finished, so nothing more will
 * start, and the instance still does not serve), anything else not ready yet. Each finding is one output line,
 * which an ABANDON carries in its ops event.
 */
public final class ReadinessScript {

    public static final int READY = 0;
    public static final int FAILED_FOR_GOOD = 2;
    public static final int NOT_YET = 3;

    private ReadinessScript() {
    }

    public static List<String> commands(Observed.TargetGroup target, String efsMountPath) {
        String url = "http://127.0.0.1:" + target.port() + target.path();
        List<String> lines = new ArrayList<>();
        lines.add("ready=1; final=0");
        // `cloud-init status` prints "status: done|running|error"; an image without cloud-init has nothing pending.
        lines.add("if command -v cloud-init >/dev/null 2>&1; then ci=$(cloud-init status 2>/dev/null | sed -n 's/^status: //p');"
                + " else ci=done; fi");
        lines.add("echo \"cloud-init: ${ci:-unknown}\"");
        lines.add("case \"$ci\" in done|error|disabled) final=1 ;; esac");
        lines.add("code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' " + quote(url) + " 2>/dev/null); code=${code:-000}");
        lines.add("echo \"apache: HTTP $code on " + escapeForDoubleQuotes(target.path()) + " (expected " + target.matcher() + ")\"");
        lines.add("if " + matches(target.matcher()) + "; then :; else ready=0; fi");
        if (efsMountPath != null && !efsMountPath.isBlank()) {
            lines.add("if mountpoint -q " + quote(efsMountPath) + "; then echo \"efs: " + escapeForDoubleQuotes(efsMountPath)
                    + " mounted\"; else echo \"efs: " + escapeForDoubleQuotes(efsMountPath) + " not mounted\"; ready=0; fi");
        }
        lines.add("if [ $ready -eq 1 ]; then echo READY; exit " + READY + "; fi");
        lines.add("if [ $final -eq 1 ]; then echo \"FAILED: cloud-init has finished ($ci) and the instance does not serve\"; exit "
                + FAILED_FOR_GOOD + "; fi");
        lines.add("echo \"NOT READY: cloud-init is ${ci:-unknown}\"; exit " + NOT_YET);
        return lines;
    }

    /** The matcher ("200", "200,302", "200-299") as a shell test on $code. */
    static String matches(String matcher) {
        List<String> tests = new ArrayList<>();
        for (String part : matcher.split(",")) {
            String p = part.strip();
            if (p.matches("\\d{3}-\\d{3}")) {
                String[] range = p.split("-");
                tests.add("{ [ \"$code\" -ge " + range[0] + " ] && [ \"$code\" -le " + range[1] + " ]; }");
            } else if (p.matches("\\d{3}")) {
                tests.add("[ \"$code\" -eq " + p + " ]");
            }
        }
        if (tests.isEmpty()) {
            tests.add("[ \"$code\" -eq 200 ]");
        }
        return "{ " + String.join(" || ", tests) + "; } 2>/dev/null";
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String escapeForDoubleQuotes(String text) {
        return text.replaceAll("([\"$`\\\\])", "\\\\$1");
    }
}
