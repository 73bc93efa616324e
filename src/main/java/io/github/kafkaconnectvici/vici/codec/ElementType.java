package io.github.kafkaconnectvici.vici.codec;

/** The message element types, in the specification's order and with its wording. */
enum ElementType {
    /** Begin a new section having a name. */
    SECTION_START(1),
    /** End a previously started section. */
    SECTION_END(2),
    /** Define a value for a named key in the current section. */
    KEY_VALUE(3),
    /** Begin a named list for list items. */
    LIST_START(4),
    /** Define an unnamed item value in the current list. */
    LIST_ITEM(5),
    /** End a previously started list. */
    LIST_END(6);

    static final int SECTION_START_CODE = 1;
    static final int SECTION_END_CODE = 2;
    static final int KEY_VALUE_CODE = 3;
    static final int LIST_START_CODE = 4;
    static final int LIST_ITEM_CODE = 5;
    static final int LIST_END_CODE = 6;

    final byte code;

    ElementType(int code) {
        this.code = (byte) code;
    }
}
