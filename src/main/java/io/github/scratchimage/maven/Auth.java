package io.github.scratchimage.maven;

/**
 * The {@code <auth>} of the push goal: a registry username, and the password either as the name of
 * the environment variable that holds it ({@code <passwordEnvironment>}: the secret never passes
 * through Maven's configuration, so {@code mvn -X} cannot print it) or written in the POM
 * ({@code <password>}: allowed, with a warning, as Maven prints configured values with {@code -X}).
 * {@link #toString()} never shows the password.
 */
public class Auth {
    private String username;
    private String password;
    private String passwordEnvironment;

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

    public String getPasswordEnvironment() {
        return passwordEnvironment;
    }

    public void setPasswordEnvironment(String passwordEnvironment) {
        this.passwordEnvironment = passwordEnvironment;
    }

    /** True when neither a username nor a password (or its variable) is written. */
    boolean isEmpty() {
        return isBlank(username) && isBlank(password) && isBlank(passwordEnvironment);
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public String toString() {
        return "Auth[username=" + username + ", password=" + (password == null ? "none" : "****")
                + (passwordEnvironment == null ? "" : ", passwordEnvironment=" + passwordEnvironment) + "]";
    }
}
