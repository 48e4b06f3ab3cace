package io.netverify.verifier.spec;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Tokenizer for VNN-LIB over a char array: parentheses and symbols, skipping whitespace and
 * {@code ;} comments, with line and column of every token. Symbols are left in the array (start/end
 * offsets) so that the parser can match keywords and read {@code X_123} indices without creating
 * strings; only numbers become strings, read exactly as {@link BigDecimal}. It also checks that
 * parentheses balance, reporting the innermost '(' that is never closed.
 */
final class Lexer {
    static final int EOF = 0;
    static final int OPEN = 1;
    static final int CLOSE = 2;
    static final int SYMBOL = 3;

    /** Longest variable index accepted, in digits; keeps the int parse from overflowing. */
    private static final int MAX_INDEX_DIGITS = 9;
    /** Longest number accepted, in chars: far beyond any double's 17 significant digits, and cheap to read exactly. */
    static final int MAX_NUMBER_CHARS = 1000;
    /** Longest symbol quoted whole in a message. */
    private static final int MAX_QUOTED_CHARS = 60;

    private final char[] text;
    private final String file;
    private int pos;
    private int line = 1;
    private int lineStart;
    private int depth;
    private int[] openLines = new int[8];
    private int[] openColumns = new int[8];

    /** The current token: its kind, its chars [start, end) and where it starts (1-based). */
    int kind = EOF;
    int start;
    int end;
    int tokenLine;
    int tokenColumn;

    Lexer(String text, String file) {
        this.text = text.toCharArray();
        this.file = file;
        if (this.text.length > 0 && this.text[0] == '\uFEFF') {
            pos = lineStart = 1;
        }
    }

    /** Advances to the next token and returns its kind. */
    int next() {
        char[] t = text;
        int n = t.length;
        int p = pos;
        while (p < n) {
            char ch = t[p];
            if (ch == '\n') {
                line++;
                lineStart = ++p;
            } else if (ch <= ' ') {
                p++;
            } else if (ch == ';') {
                while (p < n && t[p] != '\n') {
                    p++;
                }
            } else {
                break;
            }
        }
        tokenLine = line;
        tokenColumn = p - lineStart + 1;
        start = p;
        if (p == n) {
            end = pos = p;
            if (depth > 0) {
                throw errorAt(openLines[depth - 1], openColumns[depth - 1],
                    "unbalanced parentheses: this '(' is never closed (end of file reached)");
            }
            return kind = EOF;
        }
        char ch = t[p];
        if (ch == '(') {
            push();
            end = pos = p + 1;
            return kind = OPEN;
        }
        if (ch == ')') {
            if (depth == 0) {
                throw error("unbalanced parentheses: ')' without a matching '('");
            }
            depth--;
            end = pos = p + 1;
            return kind = CLOSE;
        }
        while (p < n && !isDelimiter(t[p])) {
            p++;
        }
        end = pos = p;
        return kind = SYMBOL;
    }

    private static boolean isDelimiter(char ch) {
        return ch <= ' ' || ch == '(' || ch == ')' || ch == ';';
    }

    private void push() {
        if (depth == openLines.length) {
            openLines = Arrays.copyOf(openLines, 2 * depth);
            openColumns = Arrays.copyOf(openColumns, 2 * depth);
        }
        openLines[depth] = tokenLine;
        openColumns[depth] = tokenColumn;
        depth++;
    }

    /** Whether the current token is the symbol {@code s}. */
    boolean is(String s) {
        int len = end - start;
        if (kind != SYMBOL || len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (text[start + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** First char of the current symbol. */
    char first() {
        return text[start];
    }

    /**
     * The index i when the current token is a symbol {@code X_i} or {@code Y_i} (decimal, no leading
     * zeros), else -1. Which letter it is: {@link #first()}.
     */
    int variableIndex() {
        int len = end - start;
        if (kind != SYMBOL || len < 3 || len > 2 + MAX_INDEX_DIGITS
            || (text[start] != 'X' && text[start] != 'Y') || text[start + 1] != '_'
            || (text[start + 2] == '0' && len > 3)) {
            return -1;
        }
        int value = 0;
        for (int i = start + 2; i < end; i++) {
            char ch = text[i];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = 10 * value + (ch - '0');
        }
        return value;
    }

    /**
     * Whether the current symbol is a decimal number: optional sign, digits with an optional fraction
     * (at least one digit in all), optional exponent. Checked here because {@link Double#parseDouble}
     * also accepts forms that are no VNN-LIB numbers ("NaN", "0x1p3", "1d").
     */
    boolean isNumber() {
        if (kind != SYMBOL) {
            return false;
        }
        int p = start;
        if (text[p] == '-' || text[p] == '+') {
            p++;
        }
        int digits = 0;
        while (p < end && isDigit(text[p])) {
            p++;
            digits++;
        }
        if (p < end && text[p] == '.') {
            p++;
            while (p < end && isDigit(text[p])) {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (p < end && (text[p] == 'e' || text[p] == 'E')) {
            p++;
            if (p < end && (text[p] == '-' || text[p] == '+')) {
                p++;
            }
            int expDigits = 0;
            while (p < end && isDigit(text[p])) {
                p++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return p == end;
    }

    /**
     * The exact value of the current number symbol; an error when it is no number or beyond the
     * finite double range (a bound of 1e400 is no bound a network can be checked against).
     */
    BigDecimal number() {
        if (!isNumber()) {
            throw error("bad number " + describe());
        }
        if (end - start > MAX_NUMBER_CHARS) {
            throw error("number " + describe() + " is longer than " + MAX_NUMBER_CHARS + " characters");
        }
        BigDecimal v;
        try {
            v = new BigDecimal(text, start, end - start);
        } catch (NumberFormatException e) {
            throw error("number " + describe() + " has an exponent out of range");
        }
        if (v.abs().compareTo(Decimals.MAX) > 0) {
            throw error("number " + describe() + " is out of double range");
        }
        return v;
    }

    String symbol() {
        return new String(text, start, end - start);
    }

    /** The current token for messages: 'symbol', '(', ')' or end of file. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case OPEN -> "'('";
            case CLOSE -> "')'";
            default -> end - start <= MAX_QUOTED_CHARS ? "'" + symbol() + "'"
                : "'" + new String(text, start, MAX_QUOTED_CHARS) + "...' (" + (end - start) + " characters)";
        };
    }

    SpecException error(String what) {
        return errorAt(tokenLine, tokenColumn, what);
    }

    SpecException errorAt(int errorLine, int errorColumn, String what) {
        return SpecException.at(file, errorLine, errorColumn, what);
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }
}
