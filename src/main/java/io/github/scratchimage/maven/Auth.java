package io.github.scratchimage.maven;

/**
 * The {@code <auth>} of the push goal: a registry username and password written in the POM. Allowed,
 * but a settings.xml {@code <server>} with an encrypted password is the better place.
 * {@link #toString()} never shows the password.
 */
public class Auth {
    private String username;
    private String password;

    public Auth() {
    }

    public Auth(String username, String password) {
        this.username = username;
        this.password = password;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** True when neither a username nor a password is written. */
    boolean isEmpty() {
        return isBlank(username) && isBlank(password);
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "Auth[username=" + username + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
