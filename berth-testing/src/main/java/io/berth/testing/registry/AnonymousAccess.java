package io.berth.testing.registry;

/** What a {@link TokenServer} gives a client that sends no credentials. */
public enum AnonymousAccess {
    /** A token that allows pull and nothing else, as public repositories on Docker Hub. */
    PULL,
    /** A token that allows nothing, as Docker Hub answers for a private repository: the registry then says 401. */
    NO_ACCESS,
    /** No token: the token server itself answers 401. */
    REFUSED
}
