package io.github.kafkaconnectvici.testkit.charon;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(CharonRigExtension.class)}: skips (laptop) or fails (CI) the whole class when the
 * rig cannot run, and injects one {@link CharonPair} per test class into any test, lifecycle method or
 * constructor parameter of that type. The pair starts on first use and is closed after the class; its
 * daemons are the class's {@link RigDaemons} (5.9 on both nodes without one).
 */
public final class CharonRigExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CharonRigExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        CharonRig.requireAvailable(RigDaemons.Of.a(testClass), RigDaemons.Of.b(testClass));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CharonPair.class;
    }

    @Override
    public CharonPair resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // JUnit closes AutoCloseable store values when the owning (class) context ends.
        return classContext(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(CharonPair.class,
                        key -> RigDaemons.Of.start(context.getRequiredTestClass(), ""), CharonPair.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }
}
