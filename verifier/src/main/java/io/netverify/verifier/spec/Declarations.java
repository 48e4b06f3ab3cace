package io.netverify.verifier.spec;

import java.util.Arrays;

/**
 * The declared variables of one kind ({@code X} inputs or {@code Y} outputs), with where each was
 * declared. Declarations may come in any order; at the end they must be exactly {@code X_0..X_{n-1}}.
 */
final class Declarations {
    private final char letter;
    private int[] lines = new int[16];
    private int[] columns = new int[16];
    private int highest = -1;

    Declarations(char letter) {
        this.letter = letter;
    }

    boolean isDeclared(int index) {
        return index < lines.length && lines[index] != 0;
    }

    void declare(int index, int line, int column) {
        if (index >= lines.length) {
            int size = Math.max(2 * lines.length, index + 1);
            lines = Arrays.copyOf(lines, size);
            columns = Arrays.copyOf(columns, size);
        }
        lines[index] = line;
        columns[index] = column;
        highest = Math.max(highest, index);
    }

    int line(int index) {
        return lines[index];
    }

    int column(int index) {
        return columns[index];
    }

    String name(int index) {
        return letter + "_" + index;
    }

    /** The number of variables, after checking that there is at least one and no index is missing. */
    int count(String file, String what) {
        if (highest < 0) {
            throw SpecException.at(file, 1, 1, "no " + what + " variables declared (expected " + name(0) + " ...)");
        }
        for (int i = 0; i < highest; i++) {
            if (!isDeclared(i)) {
                throw SpecException.at(file, lines[highest], columns[highest], name(highest) + " is declared but "
                    + name(i) + " is not: " + what + "s must be " + name(0) + ".." + name(highest) + " without gaps");
            }
        }
        return highest + 1;
    }
}
