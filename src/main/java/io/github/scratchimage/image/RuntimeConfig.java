package io.github.scratchimage.image;

import io.github.scratchimage.image.InvalidImageException.Field;
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
    /** The most ports one range of {@code exposedPorts} may expand to. */
    public static final int MAX_PORT_RANGE = 1024;
    /** A user or group name: what useradd accepts by default, up to 32 characters. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
    private static final Pattern ID = Pattern.compile("[0-9]{1,10}");
    /** Linux's signal names after SIG, aliases (IOT, CLD, POLL) included; real-time ones by {@link #REALTIME_SIGNAL}. */
    private static final Set<String> SIGNALS = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS",
            "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CLD", "CONT", "STOP",
            "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "POLL", "PWR", "SYS");
    /** SIGRTMIN, SIGRTMIN+1 to +15, SIGRTMAX-14 to -1, SIGRTMAX: the names runtimes know, each real-time signal once. */
    private static final Pattern REALTIME_SIGNAL = Pattern.compile("RTMIN(?:\\+([1-9][0-9]?))?|RTMAX(?:-([1-9][0-9]?))?");

    public RuntimeConfig {
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        entrypoint = arguments(entrypoint);
        cmd = arguments(cmd);
        exposedPorts = exposedPorts == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(exposedPorts));
        volumes = volumes == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(volumes));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public static RuntimeConfig empty() {
        return new RuntimeConfig(null, null, null, null, null, null, null, null, null);
    }

    /**
     * Checks and normalises raw POM values: environment names, ports (a bare number means tcp, a
     * range becomes one port per key), absolute working directory and volumes without {@code ..},
     * user and group names or ids, Linux signal names. An argument Maven gives as null (an empty
     * {@code <arg/>}) is the empty string.
     */
    public static RuntimeConfig validated(Map<String, String> environment, List<String> entrypoint, List<String> cmd,
            String workingDirectory, String user, List<String> exposedPorts, List<String> volumes,
            Map<String, String> labels, String stopSignal) {
        Map<String, String> env = new LinkedHashMap<>();
        if (environment != null) {
            environment.forEach((name, value) -> {
                if (name == null || name.isEmpty() || name.contains("=")) {
                    throw new InvalidImageException(Field.ENVIRONMENT, "the variable name '" + name
                            + "' is empty or contains '='; name each variable with a name without '='");
                }
                env.put(name, value == null ? "" : value);
            });
        }
        Set<String> ports = new LinkedHashSet<>();
        if (exposedPorts != null) {
            for (String port : exposedPorts) {
                ports.addAll(normalisePorts(port));
            }
        }
        Set<String> vols = new LinkedHashSet<>();
        if (volumes != null) {
            for (String volume : volumes) {
                if (volume == null || !volume.trim().startsWith("/")) {
                    throw new InvalidImageException(Field.VOLUMES, "'" + volume + "' is not an absolute path; write e.g. /data");
                }
                vols.add(withoutParent(volume.trim(), Field.VOLUMES, "/data"));
            }
        }
        String workdir = blankToNull(workingDirectory);
        if (workdir != null && !workdir.startsWith("/")) {
            throw new InvalidImageException(Field.WORKING_DIRECTORY, "'" + workdir + "' is not an absolute path; write e.g. /app");
        }
        if (workdir != null) {
            withoutParent(workdir, Field.WORKING_DIRECTORY, "/app");
        }
        String u = blankToNull(user);
        if (u != null && !isUser(u)) {
            throw new InvalidImageException(Field.USER, "'" + u + "' is not a user; write user, uid, user:group or uid:gid,"
                    + " where a uid or gid is a number from 0 to 2147483647 and a name is up to 32 letters, digits,"
                    + " '_', '.' and '-' that starts with a letter or '_', e.g. 65532:65532 or nonroot");
        }
        String signal = blankToNull(stopSignal);
        if (signal != null && !isSignal(signal)) {
            throw new InvalidImageException(Field.STOP_SIGNAL, "'" + signal + "' is not a Linux signal; write its name,"
                    + " e.g. SIGTERM, SIGINT, SIGQUIT or SIGUSR1, a real-time signal SIGRTMIN, SIGRTMIN+1 to SIGRTMIN+15,"
                    + " SIGRTMAX-14 to SIGRTMAX-1 or SIGRTMAX, or its number from 1 to 64");
        }
        return new RuntimeConfig(env, entrypoint, cmd, workdir, u, ports, vols, labels, signal);
    }

    /** One {@code port/protocol} key per port of {@code port}: a single port or a range {@code FROM-TO}. */
    static List<String> normalisePorts(String port) {
        String p = port == null ? "" : port.trim().toLowerCase(Locale.ROOT);
        Matcher m = PORT.matcher(p);
        if (!m.matches()) {
            throw new InvalidImageException(Field.EXPOSED_PORTS, "'" + port + "' is not a port; write PORT[/tcp|udp|sctp], e.g. 8080/tcp,"
                    + " or a range FROM-TO[/tcp|udp|sctp], e.g. 8000-8010/tcp");
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        if (from < 1 || from > 65535 || to < 1 || to > 65535) {
            throw new InvalidImageException(Field.EXPOSED_PORTS, "'" + port + "': a port is a number from 1 to 65535");
        }
        if (to < from) {
            throw new InvalidImageException(Field.EXPOSED_PORTS, "'" + port + "': a range goes from the lower port to the"
                    + " higher, e.g. 8000-8010/tcp");
        }
        if (to - from + 1 > MAX_PORT_RANGE) {
            throw new InvalidImageException(Field.EXPOSED_PORTS, "'" + port + "' is a range of " + (to - from + 1)
                    + " ports, and a range may hold at most " + MAX_PORT_RANGE + " (each port is a key of its own in"
                    + " the image config); expose the ports the container serves, or split the range");
        }
        String protocol = m.group(3) == null ? "tcp" : m.group(3);
        if (!PROTOCOLS.contains(protocol)) {
            throw new InvalidImageException(Field.EXPOSED_PORTS, "'" + port + "': the protocol must be tcp, udp or sctp");
        }
        List<String> keys = new ArrayList<>(to - from + 1);
        for (int number = from; number <= to; number++) {
            keys.add(number + "/" + protocol);
        }
        return keys;
    }

    /** {@code path}, after checking that no segment is {@code ..}. */
    private static String withoutParent(String path, Field field, String example) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new InvalidImageException(field, "'" + path + "' contains ..; write the absolute path"
                        + " without .., e.g. " + example);
            }
        }
        return path;
    }

    /** {@code user}, {@code uid}, {@code user:group} or {@code uid:gid} (and mixed), ids within 0 to 2^31-1. */
    private static boolean isUser(String user) {
        String[] parts = user.split(":", -1);
        if (parts.length > 2) {
            return false;
        }
        for (String part : parts) {
            boolean id = ID.matcher(part).matches() && Long.parseLong(part) <= Integer.MAX_VALUE;
            if (!id && !USER_NAME.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A Linux signal as {@code SIGNAME} (see {@link #SIGNALS}, {@link #REALTIME_SIGNAL}) or a number from 1 to 64. */
    private static boolean isSignal(String signal) {
        if (signal.matches("[0-9]{1,2}")) {
            int number = Integer.parseInt(signal);
            return number >= 1 && number <= 64;
        }
        if (!signal.startsWith("SIG")) {
            return false;
        }
        String name = signal.substring(3);
        if (SIGNALS.contains(name)) {
            return true;
        }
        Matcher realtime = REALTIME_SIGNAL.matcher(name);
        if (!realtime.matches()) {
            return false;
        }
        int offset = realtime.group(1) != null ? Integer.parseInt(realtime.group(1))
                : realtime.group(2) != null ? -Integer.parseInt(realtime.group(2)) : 0;
        return offset >= -14 && offset <= 15;
    }

    /** The arguments with null (Maven's value for an empty {@code <arg/>}) as "". */
    private static List<String> arguments(List<String> arguments) {
        if (arguments == null) {
            return null;
        }
        List<String> copy = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
            copy.add(argument == null ? "" : argument);
        }
        return java.util.Collections.unmodifiableList(copy);
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
