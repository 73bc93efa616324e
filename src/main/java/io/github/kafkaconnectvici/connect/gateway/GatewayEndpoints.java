package io.github.kafkaconnectvici.connect.gateway;

import io.github.kafkaconnectvici.vici.ViciException;
import io.github.kafkaconnectvici.vici.session.ViciTls;
import io.github.kafkaconnectvici.vici.session.ViciUri;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code vici.endpoints} setting of both connectors: a comma list of {@code [name=]uri}, where
 * the uri is {@code unix:///path}, {@code tcp://host:port} or {@code tls://host:port}. An entry without a name is named after
 * its socket (the path's last element, or {@code host:port}), so a single local gateway needs no
 * name at all. Names must be unique: they key source partitions and sink routing.
 */
public final class GatewayEndpoints {

    public static final String CONFIG = "vici.endpoints";
    public static final String DOC = "Comma-separated list of the charon daemons to talk to, each "
            + "'[name=]uri' with uri 'unix:///path/to/charon.vici', 'tcp://host:port' (local use only: no "
            + "encryption, no authentication) or 'tls://host:port' (mutual TLS, see the vici.ssl.* settings). The name "
            + "identifies the gateway in every record; without one, the socket's file name (or "
            + "host:port) is used. Names must be unique and may use letters, digits, '.', '_' and '-'.";
    public static final String DEFAULT = ViciUri.DEFAULT.toString();

    /** Both connectors' switch for connecting to every gateway in validate(). */
    public static final String VALIDATE_CONFIG = "vici.validate.gateways";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final List<GatewayEndpoint> endpoints;

    private GatewayEndpoints(List<GatewayEndpoint> endpoints) {
        this.endpoints = Collections.unmodifiableList(endpoints);
    }

    public static GatewayEndpoints parse(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new ConfigException(CONFIG, entries, "at least one endpoint is required");
        }
        Map<String, GatewayEndpoint> byName = new LinkedHashMap<>();
        for (String raw : entries) {
            GatewayEndpoint endpoint = parseEntry(raw.trim());
            if (byName.putIfAbsent(endpoint.name(), endpoint) != null) {
                throw new ConfigException(CONFIG, String.join(",", entries),
                        "gateway name '" + endpoint.name() + "' is used twice; give each endpoint a unique name=");
            }
        }
        return new GatewayEndpoints(new ArrayList<>(byName.values()));
    }

    public static GatewayEndpoints parse(String commaList) {
        @SuppressWarnings("unchecked") // ConfigDef parses a LIST into a List<String>
        List<String> entries = (List<String>) ConfigDef.parseType(CONFIG, commaList, ConfigDef.Type.LIST);
        return parse(entries);
    }

    static GatewayEndpoint parseEntry(String entry) {
        if (entry.isEmpty()) {
            throw new ConfigException(CONFIG, entry, "empty entry; expected [name=]unix:///path, [name=]tcp://host:port or [name=]tls://host:port");
        }
        int eq = entry.indexOf('=');
        int scheme = entry.indexOf("://");
        boolean named = eq >= 0 && (scheme < 0 || eq < scheme);
        String uriText = named ? entry.substring(eq + 1).trim() : entry;
        ViciUri uri;
        try {
            uri = ViciUri.parse(uriText);
        } catch (ViciException | IllegalArgumentException e) {
            throw new ConfigException(CONFIG, entry, e.getMessage());
        }
        String name = named ? entry.substring(0, eq).trim() : defaultName(uri);
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException(CONFIG, entry, "gateway name '" + name
                    + "' must be 1-128 letters, digits, '.', '_' or '-'");
        }
        return new GatewayEndpoint(name, uri);
    }

    private static String defaultName(ViciUri uri) {
        String text = uri.toString();
        String rest = text.substring(text.indexOf("://") + 3);
        if (uri.isUnix()) {
            String file = rest.substring(rest.lastIndexOf('/') + 1);
            return file.endsWith(".vici") ? file.substring(0, file.length() - ".vici".length()) : file;
        }
        return rest.replace(':', '_');
    }

    /** These endpoints, each {@code tls://} one with {@code tls}. */
    public GatewayEndpoints withTls(ViciTls tls) {
        return new GatewayEndpoints(new ArrayList<>(endpoints.stream()
                .map(e -> e.uri().isTls() ? new GatewayEndpoint(e.name(), e.uri(), tls) : e).toList()));
    }

    /** Whether any endpoint is {@code tls://}, so that TLS settings are loaded only when they are used. */
    public boolean anyTls() {
        return endpoints.stream().anyMatch(e -> e.uri().isTls());
    }

    public List<GatewayEndpoint> all() {
        return endpoints;
    }

    public int size() {
        return endpoints.size();
    }

    /** The gateways' names, in order. */
    public List<String> names() {
        return endpoints.stream().map(GatewayEndpoint::name).toList();
    }

    public GatewayEndpoint byName(String name) {
        return endpoints.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    /** The form written back into task configs: every entry named, so tasks never re-derive names. */
    public static String format(List<GatewayEndpoint> endpoints) {
        return String.join(",", endpoints.stream().map(GatewayEndpoint::toString).toList());
    }

    /**
     * Deals endpoints round-robin over at most {@code maxGroups} groups, so tasks.max spreads a fleet
     * of gateways evenly and never creates a task without a gateway.
     */
    public List<List<GatewayEndpoint>> groups(int maxGroups) {
        int n = Math.min(Math.max(1, maxGroups), endpoints.size());
        List<List<GatewayEndpoint>> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < endpoints.size(); i++) {
            groups.get(i % n).add(endpoints.get(i));
        }
        return groups;
    }

    /** A ConfigDef validator, so a bad list fails at validate() with the entry named. */
    public static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                @SuppressWarnings("unchecked")
                List<String> entries = (List<String>) value;
                parse(entries);
            }

            @Override
            public String toString() {
                return "[name=]unix:///path, [name=]tcp://host:port or [name=]tls://host:port, comma-separated, names unique";
            }
        };
    }
}
