package link.buddyverse.ops.cli.invoke;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the actual type arguments a handler class gives a generic interface such as
 * {@code RequestHandler<I, O>}, through any depth of generic superclasses: Lambda's runtime needs the input
 * type to deserialise the event, and {@code MicronautRequestHandler<JsonNode, OpsResult>} only names it two
 * levels up from a function's handler.
 */
public final class HandlerTypes {

    private HandlerTypes() {
    }

    /**
     * The type arguments {@code handlerClass} binds for {@code target}'s type parameters, in declaration order;
     * empty when it does not implement {@code target}. A parameter left unbound (a raw implementation) comes
     * back as {@code Object.class}.
     */
    public static Optional<Type[]> typeArguments(Class<?> handlerClass, Class<?> target) {
        return search(handlerClass, target, Map.of());
    }

    private static Optional<Type[]> search(Type type, Class<?> target, Map<TypeVariable<?>, Type> outer) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        if (type instanceof Class<?> c) {
            raw = c;
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            raw = c;
            TypeVariable<?>[] variables = c.getTypeParameters();
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < variables.length && i < arguments.length; i++) {
                bindings.put(variables[i], substitute(arguments[i], outer));
            }
        } else {
            return Optional.empty();
        }
        if (raw == target) {
            TypeVariable<?>[] variables = raw.getTypeParameters();
            Type[] resolved = new Type[variables.length];
            for (int i = 0; i < variables.length; i++) {
                Type bound = bindings.get(variables[i]);
                resolved[i] = bound == null || bound instanceof TypeVariable<?> ? Object.class : bound;
            }
            return Optional.of(resolved);
        }
        for (Type parent : supertypes(raw)) {
            Optional<Type[]> found = search(parent, target, bindings);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static List<Type> supertypes(Class<?> type) {
        List<Type> parents = new ArrayList<>();
        if (type.getGenericSuperclass() != null) {
            parents.add(type.getGenericSuperclass());
        }
        parents.addAll(List.of(type.getGenericInterfaces()));
        return parents;
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> variable && bindings.containsKey(variable)) {
            return bindings.get(variable);
        }
        return type;
    }
}
