package io.github.kafkaconnectvici.testkit.charon;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which strongSwan each node of a test class's {@link CharonPair} runs ({@link CharonRigExtension});
 * without it both run the host's 5.9. A subclass annotated with it runs its parent's tests against
 * other daemons: {@code @RigDaemons(a = STRONGSWAN_6, b = STRONGSWAN_6) class FooOnStrongswan6IT extends FooIT}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface RigDaemons {

    CharonDaemon a() default CharonDaemon.STRONGSWAN_5;

    CharonDaemon b() default CharonDaemon.STRONGSWAN_5;

    /** The daemons of {@code testClass} (the nearest annotation up its hierarchy), or 5.9 for both. */
    final class Of {

        private Of() {
        }

        public static CharonDaemon a(Class<?> testClass) {
            return AnnotationSupport.findAnnotation(testClass, RigDaemons.class).map(RigDaemons::a)
                    .orElse(CharonDaemon.STRONGSWAN_5);
        }

        public static CharonDaemon b(Class<?> testClass) {
            return AnnotationSupport.findAnnotation(testClass, RigDaemons.class).map(RigDaemons::b)
                    .orElse(CharonDaemon.STRONGSWAN_5);
        }

        /** A new pair with the class's daemons; the caller closes it. */
        public static CharonPair start(Class<?> testClass, String extraSettings) {
            return CharonPair.start(a(testClass), b(testClass), extraSettings);
        }
    }
}
