package io.github.kafkaconnectvici.connect;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only MBean of {@code long} attributes read from suppliers, registered on the platform MBean server
 * as {@code kafka.connect.vici:type=<type>,connector=<name>,task=<id>[,<tag>=<value>...]}: the JMX path
 * that works on every worker, including those without Connect's plugin metrics.
 */
public final class LongAttributesMBean implements DynamicMBean, AutoCloseable {

    public static final String DOMAIN = "kafka.connect.vici";
    private static final Logger log = LoggerFactory.getLogger(LongAttributesMBean.class);
    // Which instance holds each name, so that a late-stopping task cannot unregister its successor's
    // MBean (a restarted task registers the same name while the old one may still be stopping).
    private static final Map<ObjectName, LongAttributesMBean> HOLDERS = new java.util.HashMap<>();

    private final ObjectName name;
    private final String description;
    private final Map<String, LongSupplier> attributes;
    private boolean registered;

    public LongAttributesMBean(ObjectName name, String description, Map<String, LongSupplier> attributes) {
        this.name = name;
        this.description = description;
        this.attributes = new LinkedHashMap<>(attributes);
    }

    public static ObjectName objectName(String type, String connector, int task, Map<String, String> tags) {
        StringBuilder text = new StringBuilder(DOMAIN).append(":type=").append(type)
                .append(",connector=").append(quoted(connector)).append(",task=").append(task);
        tags.forEach((key, value) -> text.append(',').append(key).append('=').append(quoted(value)));
        try {
            return new ObjectName(text.toString());
        } catch (JMException e) {
            throw new IllegalArgumentException("cannot name the metrics of connector " + connector, e);
        }
    }

    // Connector names may hold characters ObjectName reserves (',', '=', ':', '"', ...).
    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9._-]+") ? value : ObjectName.quote(value);
    }

    public ObjectName name() {
        return name;
    }

    /** Registers; a name still taken (a task not yet gone) is replaced, and this instance holds it. */
    public LongAttributesMBean register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (HOLDERS) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(this, name);
                HOLDERS.put(name, this);
                registered = true;
            } catch (JMException e) {
                log.warn("cannot register the metrics MBean {}: {}", name, e.toString());
            }
        }
        return this;
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        LongSupplier value = attributes.get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return value.getAsLong();
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        AttributeList list = new AttributeList();
        for (String attribute : names) {
            LongSupplier value = attributes.get(attribute);
            if (value != null) {
                list.add(new Attribute(attribute, value.getAsLong()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> infos = new ArrayList<>();
        for (String attribute : attributes.keySet()) {
            infos.add(new MBeanAttributeInfo(attribute, "long", attribute, true, false, false));
        }
        return new MBeanInfo(getClass().getName(), description, infos.toArray(MBeanAttributeInfo[]::new),
                null, null, null);
    }

    @Override
    /** Unregisters the MBean, unless a successor has taken the name over meanwhile. */
    public void close() {
        synchronized (HOLDERS) {
            if (!registered) {
                return;
            }
            registered = false;
            if (!HOLDERS.remove(name, this)) {
                log.debug("metrics MBean {} belongs to a newer task now; left registered", name);
                return;
            }
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException e) {
                log.debug("metrics MBean {} was already gone: {}", name, e.toString());
            }
        }
    }
}
