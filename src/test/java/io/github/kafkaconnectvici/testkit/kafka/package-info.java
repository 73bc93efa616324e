/**
 * Real Kafka, Connect and schema registry for the connectors' integration tests ({@code *IT}, run by failsafe).
 *
 * <ul>
 *   <li>{@link io.github.kafkaconnectvici.testkit.kafka.ConnectCluster}: an in-process KRaft broker plus a
 *       distributed Connect cluster. {@code ConnectCluster.start(1)} or
 *       {@code ConnectCluster.builder().workers(3).workerProp("exactly.once.source.support", "enabled").start()};
 *       {@code connect()} for REST calls and {@code assertions()}, {@code kafka()} for topics, producers and
 *       consumers, {@code bootstrapServers()}. Plugins are found through {@code META-INF/services} only
 *       ({@code plugin.discovery=service_load}), so a connector needs its services file to be deployable.</li>
 *   <li>{@link io.github.kafkaconnectvici.testkit.kafka.SchemaRegistry}: a real Apicurio Registry 2.4.2 server in a
 *       child JVM. {@code SchemaRegistry.start()}, then {@code converterConfig("value.converter.")} for worker or
 *       connector configs (Apicurio's AvroConverter, Confluent wire format, subject {@code <topic>-value}) or
 *       {@code converterConfig("")} for {@code Converter.configure}; {@code apiUrl()} and {@code ccompatUrl()} for
 *       direct REST checks. Its log is in {@code target/schema-registry/logs/}.</li>
 * </ul>
 *
 * <p>Both are {@link java.lang.AutoCloseable}; start them once per test class ({@code @BeforeAll}) since
 * each takes seconds. The registry server is a separate Maven build in {@code src/test/schema-registry}, run
 * by the root build in {@code pre-integration-test} (and by {@code SchemaRegistry.start} itself) only when its
 * runner jar is missing or older than those sources; from a {@code main()} (the demo), use
 * {@code SchemaRegistry.start(projectDir)} or {@code SchemaRegistryBuild.runnerJar(projectDir)}.
 *
 * <p>In failsafe runs every SLF4J line lands in {@code target/it-client.log}: this project's code at debug,
 * Kafka, Connect (info) and the servers' libraries at info or warn.
 */
package io.github.kafkaconnectvici.testkit.kafka;
