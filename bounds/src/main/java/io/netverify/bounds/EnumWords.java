package io.netverify.bounds;

import java.util.Locale;

/**
 * The words that name enum constants (bound methods, norms) on command lines, in configuration files
 * and in reports: the constant's name in lower case with '-' for '_' (ALPHA_CROWN: alpha-crown).
 */
public final class EnumWords {
    private EnumWords() {
    }

    /**
     * The word of a constant.
     *
     * @param constant any enum constant
     * @return its name in lower case, '-' for '_'
     */
    public static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant with a word.
     *
     * @param type the enum
     * @param word a {@link #word} (exactly: case and '-' matter)
     * @return the constant of {@code type} with this word, or null
     */
    public static <E extends Enum<E>> E named(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) {
            if (word(e).equals(word)) {
                return e;
            }
        }
        return null;
    }
}
