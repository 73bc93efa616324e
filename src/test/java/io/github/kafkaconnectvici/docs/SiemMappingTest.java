package io.github.kafkaconnectvici.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** docs/siem-mapping.md names only record fields that the source's schemas actually have. */
class SiemMappingTest {

    // `ike_sa.remote_host`, `child_sas[].bytes_in`, `Status.kind`, `ike_sa.child_sas[].name`, ...
    private static final Pattern QUALIFIED = Pattern.compile("`(?:[A-Za-z_]+(?:\\[\\])?\\.)+([a-z_]+)`");

    @Test
    void everyQualifiedFieldExistsInTheSourceSchemas() throws IOException {
        Set<String> fields = new HashSet<>();
        for (Path file : RecordReference.schemaFiles(Path.of("schemas", "source"))) {
            collect(new Schema.Parser().parse(file.toFile()), fields, new HashSet<>());
        }
        String text = Files.readString(Path.of("docs", "siem-mapping.md"));
        Matcher matcher = QUALIFIED.matcher(text);
        int checked = 0;
        while (matcher.find()) {
            String token = matcher.group();
            if (token.matches("`(source|destination|observer|event|user|related|network|rule|tls|client|metadata|device|"
                    + "src_endpoint|dst_endpoint|tunnel_interface|session|traffic|strongswan|vici)\\..*")) {
                continue; // an ECS or OCSF attribute, a suggested custom field, or a topic
            }
            assertThat(fields).as(token + " in siem-mapping.md").contains(matcher.group(1));
            checked++;
        }
        assertThat(checked).as("record fields the guide names").isGreaterThan(20);
    }

    private static void collect(Schema schema, Set<String> fields, Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                schema.getFields().forEach(field -> {
                    fields.add(field.name());
                    collect(field.schema(), fields, seen);
                });
            }
            case UNION -> schema.getTypes().forEach(type -> collect(type, fields, seen));
            case ARRAY -> collect(schema.getElementType(), fields, seen);
            case MAP -> collect(schema.getValueType(), fields, seen);
            default -> {
            }
        }
    }
}
