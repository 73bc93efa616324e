package io.github.kafkaconnectvici.testkit.charon;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes pairs that are still open when the JVM exits (a test that forgot close(), a build aborted
 * with Ctrl-C): charon daemons are not children that die with the JVM, and namespaces persist.
 * Nothing can clean up after a SIGKILLed JVM; then look for leftovers named kcvA-* / kcvB-* and /tmp/kcv-*.
 */
final class RigShutdownHook {

    private static final Set<CharonPair> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(RigShutdownHook::closeAll, "charon-rig-shutdown"));
    }

    private RigShutdownHook() {
    }

    static void register(CharonPair pair) {
        OPEN.add(pair);
    }

    static void unregister(CharonPair pair) {
        OPEN.remove(pair);
    }

    private static void closeAll() {
        for (CharonPair pair : OPEN) {
            System.err.println("charon rig: closing " + pair + " at JVM shutdown");
            pair.close();
        }
    }
}
