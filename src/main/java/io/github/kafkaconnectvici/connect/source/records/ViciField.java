package io.github.kafkaconnectvici.connect.source.records;

/**
 * One VICI key and the typed field it becomes. A relative number of seconds may also be turned into
 * an absolute timestamp ({@code at}): received time plus {@code sign} times the seconds.
 */
record ViciField(String key, String field, FieldType type, String doc, Absolute at) {

    /** The absolute-time companion of a relative-seconds field. */
    record Absolute(String field, int sign, String doc) {
    }

    /** The field named after the key, '-' becoming '_'. */
    static ViciField of(String key, FieldType type, String doc) {
        return new ViciField(key, key.replace('-', '_'), type, doc, null);
    }

    static ViciField named(String key, String field, FieldType type, String doc) {
        return new ViciField(key, field, type, doc, null);
    }

    /** Seconds until something happens, also given as the instant it will happen. */
    static ViciField secondsUntil(String key, String atField, String doc, String atDoc) {
        return new ViciField(key, key.replace('-', '_'), FieldType.INT64, doc, new Absolute(atField, 1, atDoc));
    }

    /** Seconds since something happened, also given as the instant it happened. */
    static ViciField secondsSince(String key, String atField, String doc, String atDoc) {
        return new ViciField(key, key.replace('-', '_'), FieldType.INT64, doc, new Absolute(atField, -1, atDoc));
    }
}
