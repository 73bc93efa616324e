package io.github.kafkaconnectvici.testkit.registry.deployment;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.Type;

import apicurio.common.app.components.config.index.DynamicPropertiesInfoRecorder;
import io.apicurio.common.apps.config.Dynamic;
import io.apicurio.common.apps.config.DynamicConfigPropertyDef;
import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import io.quarkus.arc.deployment.BeanArchiveIndexBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;

/**
 * The registry's settings API needs a {@link DynamicConfigPropertyList} bean: every field annotated
 * {@code @ConfigProperty @Dynamic Supplier<T>} (a property an admin may change at run time), with its type
 * and default. This build step collects them from the bean archives and records the list.
 */
public class DynamicConfigIndexProcessor {

    private static final DotName DYNAMIC = DotName.createSimple(Dynamic.class.getName());
    private static final DotName CONFIG_PROPERTY = DotName.createSimple(ConfigProperty.class.getName());

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    SyntheticBeanBuildItem dynamicConfigProperties(BeanArchiveIndexBuildItem beans, DynamicPropertiesInfoRecorder recorder) {
        Map<String, DynamicConfigPropertyDef> byName = new TreeMap<>();
        for (AnnotationInstance dynamic : beans.getIndex().getAnnotations(DYNAMIC)) {
            if (dynamic.target().kind() == AnnotationTarget.Kind.FIELD) {
                DynamicConfigPropertyDef def = definition(dynamic.target().asField(), dynamic);
                byName.putIfAbsent(def.getName(), def);
            }
        }
        return SyntheticBeanBuildItem.configure(DynamicConfigPropertyList.class)
                .runtimeValue(recorder.initializePropertiesInfo(new ArrayList<>(byName.values())))
                .unremovable()
                .setRuntimeInit()
                .done();
    }

    private static DynamicConfigPropertyDef definition(FieldInfo field, AnnotationInstance dynamic) {
        String where = field.declaringClass().name() + "." + field.name();
        AnnotationInstance property = field.annotation(CONFIG_PROPERTY);
        if (property == null || property.value("name") == null) {
            throw new IllegalStateException(where + " is @Dynamic but has no @ConfigProperty(name = ...)");
        }
        String name = property.value("name").asString();
        AnnotationValue defaultValue = property.value("defaultValue");
        if (defaultValue == null) {
            throw new IllegalStateException("dynamic property '" + name + "' (" + where + ") needs a default value");
        }
        DynamicConfigPropertyDef def = new DynamicConfigPropertyDef(name, valueType(field, where), defaultValue.asString());
        optional(dynamic, "label").ifPresent(v -> def.setLabel(v.asString()));
        optional(dynamic, "description").ifPresent(v -> def.setDescription(v.asString()));
        optional(dynamic, "requires").ifPresent(v -> def.setRequires(v.asStringArray()));
        return def;
    }

    /** A dynamic property is injected as {@code Supplier<T>}; T is the property's type. */
    private static Class<?> valueType(FieldInfo field, String where) {
        Type type = field.type();
        if (type.kind() != Type.Kind.PARAMETERIZED_TYPE || type.asParameterizedType().arguments().size() != 1) {
            throw new IllegalStateException(where + " is @Dynamic but not a Supplier<T>: " + type);
        }
        String valueClass = type.asParameterizedType().arguments().get(0).name().toString();
        try {
            return Class.forName(valueClass, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(where + ": unknown property type " + valueClass, e);
        }
    }

    private static Optional<AnnotationValue> optional(AnnotationInstance annotation, String member) {
        return Optional.ofNullable(annotation.value(member));
    }
}
