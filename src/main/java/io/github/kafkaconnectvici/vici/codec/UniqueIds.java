package io.github.kafkaconnectvici.vici.codec;

/**
 * charon's IKE_SA and CHILD_SA unique ids ({@code ike-id}, {@code child-id}, {@code uniqueid}): charon reads them
 * with {@code get_int} into a {@code u_int}, without a range check, so a larger number would wrap to another SA.
 * Every id a caller takes from outside is checked against this one range before it is sent.
 */
public final class UniqueIds {

    public static final long MIN = 1;
    public static final long MAX = 0xFFFF_FFFFL;

    private UniqueIds() {
    }

    public static boolean isValid(long id) {
        return id >= MIN && id <= MAX;
    }
}
