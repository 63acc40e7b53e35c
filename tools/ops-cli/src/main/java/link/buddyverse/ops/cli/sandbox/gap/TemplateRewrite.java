package link.buddyverse.ops.cli.sandbox.gap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Rewrites every node of a template that {@code replacement} has an answer for (null: keep it, look inside). */
final class TemplateRewrite {

    private TemplateRewrite() {
    }

    static Object apply(Object node, Function<Object, Object> replacement) {
        Object replaced = replacement.apply(node);
        if (replaced != null) {
            return replaced;
        }
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), apply(v, replacement)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(apply(item, replacement)));
            return copy;
        }
        return node;
    }

    /** Rewrites the submission of {@code deployment} in place. */
    @SuppressWarnings("unchecked")
    static void applyTo(Deployment deployment, Function<Object, Object> replacement) {
        Map<String, Object> rewritten = (Map<String, Object>) apply(deployment.submitted(), replacement);
        deployment.submitted().clear();
        deployment.submitted().putAll(rewritten);
    }
}
