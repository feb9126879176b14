package io.berth.testing.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One scope a client asks a token server for, {@code TYPE:NAME:ACTIONS} as the distribution token
 * spec writes it: {@code repository:library/busybox:pull,push}. The name may hold a colon (a
 * registry host with a port), so type and actions are cut from the ends.
 */
public record ResourceScope(String type, String name, List<String> actions) {
    public ResourceScope {
        actions = List.copyOf(actions);
    }

    public static ResourceScope parse(String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (scope.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("one scope per scope parameter, got several: " + scope);
        }
        if (first <= 0 || last == first) {
            throw new IllegalArgumentException("scope is not TYPE:NAME:ACTIONS: " + scope);
        }
        String actions = scope.substring(last + 1);
        return new ResourceScope(scope.substring(0, first), scope.substring(first + 1, last),
                actions.isEmpty() ? List.of() : Arrays.asList(actions.split(",")));
    }

    /** One scope per {@code scope} parameter, as the token spec's GET sends them. */
    static List<ResourceScope> parseEach(List<String> values) {
        return values.stream().map(ResourceScope::parse).toList();
    }

    /** Every scope in the values of {@code scope} parameters, where OAuth2 forms join several with spaces. */
    static List<ResourceScope> parseAll(List<String> values) {
        List<ResourceScope> scopes = new ArrayList<>();
        for (String value : values) {
            for (String one : value.trim().split("\\s+")) {
                if (!one.isEmpty()) {
                    scopes.add(parse(one));
                }
            }
        }
        return List.copyOf(scopes);
    }

    /** This scope with only the actions in {@code allowed}. */
    ResourceScope restrictedTo(List<String> allowed) {
        return new ResourceScope(type, name, actions.stream().filter(allowed::contains).toList());
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + String.join(",", actions);
    }
}
