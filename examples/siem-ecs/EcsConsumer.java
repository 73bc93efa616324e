/*
 * A plain Kafka consumer that turns the source connector's records into Elastic Common Schema (ECS)
 * documents, one JSON object per line on stdout: pipe it into Filebeat/Elastic Agent (stdin or file
 * input), Splunk's HEC, or any log shipper. docs/siem-mapping.md explains every mapping made here.
 *
 * It reads records written with the JsonConverter (value.converter.schemas.enable=false); with Avro,
 * swap the value deserializer for your registry's. Run it with the JDK's source launcher:
 *
 *   java -cp "$(cat classpath.txt)" EcsConsumer.java --bootstrap localhost:9092 --prefix vici [--from-beginning]
 *        [--idle-exit-ms 5000]
 *
 * where the class path holds kafka-clients and jackson-databind (any recent versions).
 */

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

public final class EcsConsumer {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String prefix = options.getOrDefault("--prefix", "vici");
        long idleExitMs = Long.parseLong(options.getOrDefault("--idle-exit-ms", "0"));
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.getOrDefault("--bootstrap", "localhost:9092"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.getOrDefault("--group", "vici-ecs-" + UUID.randomUUID()));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.containsKey("--from-beginning") ? "earliest" : "latest");
        Pattern topics = Pattern.compile(Pattern.quote(prefix) + "\\.(ike-updown|child-updown|ike-rekey|child-rekey|alert"
                + "|status|sessions|sa-state|certs|conns)");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            long idleSince = System.currentTimeMillis();
            while (idleExitMs == 0 || System.currentTimeMillis() - idleSince < idleExitMs) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    idleSince = System.currentTimeMillis();
                    String type = record.topic().substring(prefix.length() + 1);
                    JsonNode key = record.key() == null ? null : JSON.readTree(record.key());
                    JsonNode value = record.value() == null ? null : JSON.readTree(record.value());
                    ObjectNode ecs = toEcs(type, key, value, headers(record));
                    System.out.println(JSON.writeValueAsString(ecs));
                }
                System.out.flush();
            }
        }
    }

    /** One record as an ECS document. {@code value} is null for a tombstone on sa-state. */
    static ObjectNode toEcs(String type, JsonNode key, JsonNode value, Map<String, String> headers) {
        ObjectNode doc = JSON.createObjectNode();
        String gateway = headers.getOrDefault("vici.gateway", key == null ? "" : key.path("gateway").asText());
        String sequence = headers.getOrDefault("vici.sequence", "");
        ObjectNode event = doc.putObject("event");
        doc.put("@timestamp", Instant.ofEpochMilli(value == null ? System.currentTimeMillis()
                : value.path("received_at").asLong()).toString());
        event.put("id", gateway + "-" + sequence + (type.equals("sa-state") || type.equals("sessions") ? "-" + type : ""));
        event.put("dataset", "strongswan." + type);
        event.put("module", "strongswan");
        ObjectNode observer = doc.putObject("observer");
        observer.put("name", gateway).put("vendor", "strongSwan").put("product", "charon").put("type", "vpn");
        if (key != null && !key.path("ike_sa_unique_id").isMissingNode() && !key.path("ike_sa_unique_id").isNull()) {
            event.put("correlation_id", gateway + "-" + key.path("ike_sa_unique_id").asText());
        }
        switch (type) {
            case "ike-updown", "child-updown" -> {
                boolean up = value.path("up").asBoolean(false);
                kind(event, "event", up ? "start" : "end", (type.startsWith("ike") ? "ike-sa-" : "child-sa-") + (up ? "up" : "down"));
                event.put("outcome", "success");
                session(doc, value.path("ike_sa"));
                JsonNode child = value.path("ike_sa").path("child_sas").path(0);
                if (!child.isMissingNode()) {
                    traffic(doc, child.path("bytes_in"), child.path("bytes_out"), child.path("packets_in"), child.path("packets_out"));
                    obj(doc, "network").put("name", child.path("name").asText());
                }
            }
            case "ike-rekey" -> {
                kind(event, "event", "change", "ike-sa-rekey");
                session(doc, value.path("new_ike_sa"));
                event.put("correlation_id", gateway + "-" + value.path("old_ike_sa").path("uniqueid").asText());
            }
            case "child-rekey" -> {
                kind(event, "event", "change", "child-sa-rekey");
                session(doc, value.path("ike_sa"));
                obj(doc, "network").put("name", value.path("new_child_sa").path("name").asText());
            }
            case "alert" -> {
                kind(event, "alert", "info", value.path("type_name").asText(value.path("type").asText()));
                event.put("outcome", "failure");
                session(doc, value.path("ike_sa"));
            }
            case "sessions" -> {
                kind(event, "event", "end", "vpn-session");
                event.put("outcome", "success");
                // the first unique id: the one the session's ike-sa-up carried, before any IKE rekey
                event.put("correlation_id", gateway + "-" + value.path("ike_sa_unique_ids").path(0).asText());
                if (!value.path("start").isNull() && !value.path("start").isMissingNode()) {
                    event.put("start", Instant.ofEpochMilli(value.path("start").asLong()).toString());
                    event.put("duration", value.path("duration_ms").asLong() * 1_000_000L);
                }
                event.put("end", Instant.ofEpochMilli(value.path("end").asLong()).toString());
                obj(doc, "source").put("ip", value.path("remote_host").asText());
                obj(doc, "destination").put("ip", value.path("local_host").asText());
                user(doc, value.path("remote_eap_id"), value.path("remote_xauth_id"), value.path("remote_id"));
                traffic(doc, value.path("bytes_in"), value.path("bytes_out"), value.path("packets_in"), value.path("packets_out"));
                obj(doc, "rule").put("name", key.path("ike_sa").asText());
                ObjectNode custom = obj(obj(doc, "strongswan"), "session");
                custom.put("partial", value.path("partial").asBoolean());
                custom.put("child_rekeys", value.path("child_rekeys").asLong());
                custom.put("ike_rekeys", value.path("ike_rekeys").asLong());
                if (value.path("partial").asBoolean()) {
                    custom.put("partial_reason", value.path("partial_reason").asText());
                }
            }
            case "sa-state" -> {
                if (value == null) {
                    kind(event, "state", "end", "sa-gone");
                    obj(doc, "rule").put("name", key.path("ike_sa").asText());
                } else {
                    kind(event, "state", "info", "sa-state");
                    session(doc, value.path("ike_sa"));
                    obj(doc, "strongswan").put("state", value.path("ike_sa").path("state").asText());
                }
            }
            case "status" -> {
                String kindName = value.path("kind").asText();
                boolean trouble = kindName.equals("GAP") || kindName.endsWith("_FAILED") || kindName.equals("SIGNAL_REJECTED");
                kind(event, trouble ? "pipeline_error" : "event", "info", kindName.toLowerCase().replace('_', '-'));
                if (!value.path("reason").isNull() && !value.path("reason").isMissingNode()) {
                    event.put("reason", value.path("reason").asText());
                }
                if (!value.path("daemon_version").isNull() && !value.path("daemon_version").isMissingNode()) {
                    observer.put("version", value.path("daemon_version").asText());
                }
            }
            case "certs" -> {
                kind(event, "state", "info", "certificate");
                ObjectNode x509 = obj(obj(obj(doc, "tls"), "server"), "x509");
                obj(x509, "subject").put("distinguished_name", value.path("subject").asText());
                obj(x509, "issuer").put("distinguished_name", value.path("issuer").asText());
                x509.put("serial_number", value.path("serial").asText());
                x509.put("not_before", Instant.ofEpochMilli(value.path("not_before").asLong()).toString());
                x509.put("not_after", Instant.ofEpochMilli(value.path("not_after").asLong()).toString());
                obj(obj(obj(doc, "tls"), "server"), "hash").put("sha256", value.path("sha256").asText());
            }
            case "conns" -> {
                kind(event, "state", "info", "configured-connection");
                obj(doc, "rule").put("name", value.path("name").asText());
            }
            default -> kind(event, "event", "info", type);
        }
        return doc;
    }

    /** The object {@code name} of {@code parent}, created if it is not there yet. */
    private static ObjectNode obj(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
    }

    private static void kind(ObjectNode event, String kind, String type, String action) {
        event.put("kind", kind);
        ArrayNode category = event.putArray("category");
        category.add("network");
        category.add("session");
        event.putArray("type").add(type);
        event.put("action", action);
    }

    private static void session(ObjectNode doc, JsonNode sa) {
        if (sa.isMissingNode() || sa.isNull()) {
            return;
        }
        obj(doc, "source").put("ip", sa.path("remote_host").asText()).put("port", sa.path("remote_port").asInt());
        obj(doc, "destination").put("ip", sa.path("local_host").asText()).put("port", sa.path("local_port").asInt());
        user(doc, sa.path("remote_eap_id"), sa.path("remote_xauth_id"), sa.path("remote_id"));
        obj(doc, "rule").put("name", sa.path("name").asText());
        obj(doc, "network").put("protocol", "ikev" + sa.path("version").asInt(2)).put("transport", "udp");
    }

    private static void user(ObjectNode doc, JsonNode eap, JsonNode xauth, JsonNode remoteId) {
        JsonNode name = present(eap) ? eap : present(xauth) ? xauth : remoteId;
        if (present(name)) {
            obj(doc, "user").put("name", name.asText());
        }
        if (present(remoteId)) {
            obj(doc, "user").put("id", remoteId.asText());
        }
    }

    /** bytes_in is what the peer sent (the source), bytes_out what the gateway sent to it. */
    private static void traffic(ObjectNode doc, JsonNode bytesIn, JsonNode bytesOut, JsonNode packetsIn, JsonNode packetsOut) {
        if (present(bytesIn)) {
            obj(doc, "source").put("bytes", bytesIn.asLong()).put("packets", packetsIn.asLong());
        }
        if (present(bytesOut)) {
            obj(doc, "destination").put("bytes", bytesOut.asLong()).put("packets", packetsOut.asLong());
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull() && !node.asText().isEmpty();
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--from-beginning")) {
                options.put(args[i], "true");
            } else if (i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
        }
        return options;
    }
}
