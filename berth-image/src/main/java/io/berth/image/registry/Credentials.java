package io.berth.image.registry;

/**
 * What a user logged in with for one registry: a username and password (or token), or an
 * identity token from {@code docker login} with an OAuth2 flow.
 */
public record Credentials(String username, String secret, String identityToken) {

    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null);
    }

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
