package io.github.scratchimage.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an image config a container runtime reads when it starts the container ("config" in
 * the OCI image config). Environment order is kept as given; everything else is validated by
 * {@link #validated}.
 */
public record RuntimeConfig(Map<String, String> environment, List<String> entrypoint, List<String> cmd,
        String workingDirectory, String user, Set<String> exposedPorts, Set<String> volumes,
        Map<String, String> labels, String stopSignal) {

    private static final Pattern PORT = Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/([A-Za-z]+))?");
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private static final Pattern USER = Pattern.compile("[^:\\s]+(?::[^:\\s]+)?");

    public RuntimeConfig {
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        exposedPorts = exposedPorts == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(exposedPorts));
        volumes = volumes == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(volumes));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public static RuntimeConfig empty() {
        return new RuntimeConfig(null, null, null, null, null, null, null, null, null);
    }

    /**
     * Checks and normalises raw POM values: environment names, ports (a bare number means tcp),
     * absolute working directory and volumes, user syntax.
     */
    public static RuntimeConfig validated(Map<String, String> environment, List<String> entrypoint, List<String> cmd,
            String workingDirectory, String user, List<String> exposedPorts, List<String> volumes,
            Map<String, String> labels, String stopSignal) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment != null) {
            environment.forEach((name, value) -> {
                if (name == null || name.isEmpty() || name.contains("=")) {
                    throw new InvalidImageException("environment", "the variable name '" + name
                            + "' is empty or contains '='; write <NAME>value</NAME> with a name without '='");
                }
                env.put(name, value == null ? "" : value);
            });
        }
        Set<String> ports = new LinkedHashSet<>();
        if (exposedPorts != null) {
            for (String port : exposedPorts) {
                ports.add(normalisePort(port));
            }
        }
        Set<String> vols = new LinkedHashSet<>();
        if (volumes != null) {
            for (String volume : volumes) {
                if (volume == null || !volume.trim().startsWith("/")) {
                    throw new InvalidImageException("volumes", "'" + volume + "' is not an absolute path; write e.g. /data");
                }
                vols.add(volume.trim());
            }
        }
        String workdir = blankToNull(workingDirectory);
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidImageException("workingDirectory", "'" + workdir + "' is not an absolute path; write e.g. /app");
        }
        String u = blankToNull(user);
        if (u != null && !USER.matcher(u).matches()) {
            throw new InvalidImageException("user", "'" + u + "' is not a user; write user, uid, user:group or uid:gid");
        }
        String signal = blankToNull(stopSignal);
        if (signal != null && !signal.matches("SIG[A-Z0-9+-]+|[0-9]{1,2}")) {
            throw new InvalidImageException("stopSignal", "'" + signal + "' is not a signal; write e.g. SIGTERM");
        }
        return new RuntimeConfig(env, entrypoint, cmd, workdir, u, ports, vols, labels, signal);
    }

    static String normalisePort(String port) {
        String p = port == null ? "" : port.trim().toLowerCase(Locale.ROOT);
        Matcher m = PORT.matcher(p);
        if (!m.matches()) {
            throw new InvalidImageException("exposedPorts", "'" + port + "' is not a port; write PORT[/tcp|udp|sctp], e.g. 8080/tcp");
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        if (from < 1 || from > 65535 || to < 1 || to > 65535 || to < from) {
            throw new InvalidImageException("exposedPorts", "'" + port + "': a port is a number from 1 to 65535");
        }
        String protocol = m.group(3) == null ? "tcp" : m.group(3);
        if (!PROTOCOLS.contains(protocol)) {
            throw new InvalidImageException("exposedPorts", "'" + port + "': the protocol must be tcp, udp or sctp");
        }
        return (m.group(2) == null ? String.valueOf(from) : from + "-" + to) + "/" + protocol;
    }

    /** This config with {@code overrides}' environment merged over ours and its entrypoint/cmd replacing ours where set. */
    public RuntimeConfig mergedWith(Map<String, String> environmentOverrides, List<String> entrypointOverride,
            List<String> cmdOverride) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        if (environmentOverrides != null) {
            env.putAll(environmentOverrides);
        }
        return new RuntimeConfig(env, entrypointOverride != null ? entrypointOverride : entrypoint,
                cmdOverride != null ? cmdOverride : cmd, workingDirectory, user, exposedPorts, volumes, labels,
                stopSignal);
    }

    /** The environment as {@code NAME=value} strings, in order. */
    public List<String> environmentList() {
        List<String> list = new ArrayList<>();
        environment.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    /** The "config" object of the image config (see {@link Json}); ports, volumes and labels sorted. */
    Map<String, Object> toJson() {
        Map<String, Object> node = new LinkedHashMap<>();
        if (user != null) {
            node.put("User", user);
        }
        if (!exposedPorts.isEmpty()) {
            node.put("ExposedPorts", emptyObjects(exposedPorts));
        }
        if (!environment.isEmpty()) {
            node.put("Env", environmentList());
        }
        if (entrypoint != null && !entrypoint.isEmpty()) {
            node.put("Entrypoint", entrypoint);
        }
        if (cmd != null && !cmd.isEmpty()) {
            node.put("Cmd", cmd);
        }
        if (!volumes.isEmpty()) {
            node.put("Volumes", emptyObjects(volumes));
        }
        if (workingDirectory != null) {
            node.put("WorkingDir", workingDirectory);
        }
        if (!labels.isEmpty()) {
            node.put("Labels", new TreeMap<>(labels));
        }
        if (stopSignal != null) {
            node.put("StopSignal", stopSignal);
        }
        return node;
    }

    /** {@code {"name": {}, ...}}, the form the config gives ports and volumes, in the set's (sorted) order. */
    private static Map<String, Object> emptyObjects(Set<String> names) {
        Map<String, Object> objects = new LinkedHashMap<>();
        names.forEach(name -> objects.put(name, new LinkedHashMap<>()));
        return objects;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
