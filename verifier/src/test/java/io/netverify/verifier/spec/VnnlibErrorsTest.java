package io.netverify.verifier.spec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad specifications: each gives one message {@code file:line:column: ...} at the right place. */
class VnnlibErrorsTest {
    private static final String HEADER = "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n";
    private static final String BOX = "(assert (<= X_0 1))\n(assert (>= X_0 0))\n";

    private static String error(String text) {
        return assertThrows(SpecException.class, () -> VnnlibParser.parse(text, "bad.vnnlib")).getMessage();
    }

    @Test
    void missingCloseParenthesisPointsAtTheUnclosedOne() {
        assertEquals("bad.vnnlib:3:1: unbalanced parentheses: this '(' is never closed (end of file reached)",
            error(HEADER + "(assert (<= X_0 1)\n; comment\n"));
        assertEquals("bad.vnnlib:3:9: unbalanced parentheses: this '(' is never closed (end of file reached)",
            error(HEADER + "(assert (<= X_0"));
    }

    @Test
    void extraCloseParenthesis() {
        assertEquals("bad.vnnlib:3:20: unbalanced parentheses: ')' without a matching '('",
            error(HEADER + "(assert (<= X_0 1)))\n"));
    }

    @Test
    void undeclaredVariable() {
        assertEquals("bad.vnnlib:5:13: undeclared variable 'X_1'",
            error(HEADER + BOX + "(assert (<= X_1 1))\n"));
        assertEquals("bad.vnnlib:3:13: undeclared variable 'Y_3'",
            error(HEADER + "(assert (<= Y_3 1))\n" + BOX));
    }

    @Test
    void useBeforeDeclaration() {
        assertEquals("bad.vnnlib:1:13: undeclared variable 'X_0'",
            error("(assert (<= X_0 1))\n" + HEADER));
    }

    @Test
    void unknownOperatorAndCommand() {
        assertEquals("bad.vnnlib:5:10: unknown operator 'distinct': expected and, or, <=, >=, <, >, =",
            error(HEADER + BOX + "(assert (distinct Y_0 1))\n"));
        assertEquals("bad.vnnlib:3:2: unknown command 'check-sat': expected declare-const or assert",
            error(HEADER + "(check-sat)\n"));
        assertEquals("bad.vnnlib:3:9: expected '(' starting a comparison, 'and' or 'or', found 'true'",
            error(HEADER + "(assert true)\n"));
        assertEquals("bad.vnnlib:3:1: expected '(' starting a command, found 'assert'",
            error(HEADER + "assert (<= X_0 1)\n"));
    }

    @Test
    void badNumbers() {
        assertEquals("bad.vnnlib:3:17: bad number '1.2.3'", error(HEADER + "(assert (<= X_0 1.2.3))\n"));
        assertEquals("bad.vnnlib:3:17: bad number '1e'", error(HEADER + "(assert (<= X_0 1e))\n"));
        assertEquals("bad.vnnlib:3:17: bad number '-'", error(HEADER + "(assert (<= X_0 -))\n"));
        assertEquals("bad.vnnlib:3:17: bad number '0x1p3'", error(HEADER + "(assert (<= X_0 0x1p3))\n"));
        assertEquals("bad.vnnlib:3:17: number '1e999' is out of double range", error(HEADER + "(assert (<= X_0 1e999))\n"));
        assertEquals("bad.vnnlib:3:17: number '-1.7976931348623159e308' is out of double range",
            error(HEADER + "(assert (<= X_0 -1.7976931348623159e308))\n"));
        assertEquals("bad.vnnlib:3:17: number '1e-99999999999' has an exponent out of range",
            error(HEADER + "(assert (<= X_0 1e-99999999999))\n"));
        String longNumber = "0." + "0".repeat(1000) + "1";
        assertEquals("bad.vnnlib:3:17: number '" + longNumber.substring(0, 60) + "...' (1003 characters) is longer than 1000 characters",
            error(HEADER + "(assert (<= X_0 " + longNumber + "))\n"));
        assertEquals("bad.vnnlib:3:17: expected a variable X_<i> or Y_<j> or a number, found 'NaN'",
            error(HEADER + "(assert (<= X_0 NaN))\n"));
        assertEquals("bad.vnnlib:3:17: expected a variable X_<i> or Y_<j> or a number, found 'X_01'",
            error(HEADER + "(assert (<= X_0 X_01))\n"));
        assertEquals("bad.vnnlib:3:18: expected '-' negating a number, found '+'",
            error(HEADER + "(assert (<= X_0 (+ 1)))\n"));
        assertEquals("bad.vnnlib:3:20: bad number 'X_0'", error(HEADER + "(assert (<= Y_0 (- X_0)))\n"));
    }

    @Test
    void wrongOperandCounts() {
        assertEquals("bad.vnnlib:3:19: expected ')' after the two operands of <=, found '2'",
            error(HEADER + "(assert (<= X_0 1 2))\n"));
        assertEquals("bad.vnnlib:3:16: expected a variable X_<i> or Y_<j> or a number, found ')'",
            error(HEADER + "(assert (<= X_0))\n"));
        assertEquals("bad.vnnlib:3:9: 'or' needs at least one operand", error(HEADER + "(assert (or))\n"));
        assertEquals("bad.vnnlib:3:9: 'and' needs at least one operand", error(HEADER + "(assert (and))\n"));
        assertEquals("bad.vnnlib:3:20: expected ')' closing the assertion, found '('",
            error(HEADER + "(assert (<= X_0 1) (>= X_0 0))\n"));
    }

    @Test
    void emptyBoxNamesBothBounds() {
        assertEquals("bad.vnnlib:5:9: empty input box: X_0 >= 2 here contradicts X_0 <= 1 at 3:9",
            error(HEADER + "(assert (<= X_0 1))\n(assert (>= X_0 0))\n(assert (>= X_0 2))\n(assert (<= Y_0 0))\n"));
        assertEquals("bad.vnnlib:3:13: empty input box: X_0 <= -2 here contradicts X_0 >= 0 at 2:9"
                + " (in disjunct 1 of the assertions' disjunctive normal form); every one of the 2 disjuncts is empty",
            error("(declare-const X_0 Real) (declare-const Y_0 Real)\n(assert (>= X_0 0))\n"
                + "(assert (or (<= X_0 -2) (<= X_0 -1e-400)))\n"));
        assertEquals("bad.vnnlib:5:32: empty unsafe region: Y_0 >= 0.5 here contradicts Y_0 <= 0.25 at 5:9",
            error(HEADER + "(assert (<= X_0 1))\n(assert (>= X_0 0))\n(assert (<= Y_0 0.25)) (assert (>= Y_0 0.5))\n"));
    }

    @Test
    void unboundedInputPointsAtItsDeclaration() {
        assertEquals("bad.vnnlib:2:16: input X_1 has no lower bound",
            error("(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n"
                + BOX + "(assert (<= X_1 4))\n"));
        assertEquals("bad.vnnlib:1:16: input X_0 has no upper bound",
            error(HEADER + "(assert (>= X_0 0))\n"));
        assertEquals("bad.vnnlib:1:16: input X_0 has no upper bound (in disjunct 2 of the assertions' disjunctive normal form)",
            error(HEADER + "(assert (>= X_0 0))\n(assert (or (<= X_0 1) (<= Y_0 1)))\n"));
        assertEquals("bad.vnnlib:3:1: no assertions: the specification must bound every input", error(HEADER));
    }

    @Test
    void declarationProblems() {
        assertEquals("bad.vnnlib:1:20: unsupported sort 'Int' for X_0: expected Real",
            error("(declare-const X_0 Int)\n"));
        assertEquals("bad.vnnlib:3:16: X_0 is already declared at 1:16",
            error(HEADER + "(declare-const X_0 Real)\n"));
        assertEquals("bad.vnnlib:1:16: expected a variable name X_<i> or Y_<j>, found 'x'",
            error("(declare-const x Real)\n"));
        assertEquals("bad.vnnlib:2:16: X_2 is declared but X_1 is not: inputs must be X_0..X_2 without gaps",
            error("(declare-const X_0 Real)\n(declare-const X_2 Real)\n(declare-const Y_0 Real)\n"));
        assertEquals("bad.vnnlib:1:16: variable index too large: at most Y_4194303 is supported",
            error("(declare-const Y_123456789 Real)\n"));
        assertEquals("bad.vnnlib:1:1: no output variables declared (expected Y_0 ...)",
            error("(declare-const X_0 Real)\n(assert (<= X_0 1))\n"));
        assertEquals("bad.vnnlib:2:25: expected ')' closing the declaration, found 'extra'",
            error("(declare-const X_0 Real)\n(declare-const Y_0 Real extra)\n"));
    }

    @Test
    void unsupportedComparisons() {
        assertEquals("bad.vnnlib:5:9: unsupported: constraint X_0 <= Y_0 mixes an input and an output variable",
            error(HEADER + BOX + "(assert (<= X_0 Y_0))\n"));
        assertEquals("bad.vnnlib:5:13: comparison of two numbers: one side must be a variable",
            error(HEADER + BOX + "(assert (or (<= 1 2)))\n"));
        assertEquals("bad.vnnlib:5:9: comparison of Y_0 with itself",
            error(HEADER + BOX + "(assert (>= Y_0 Y_0))\n"));
    }

    @Test
    void exponentialBlowUpIsRefused() {
        StringBuilder text = new StringBuilder("(declare-const X_0 Real)\n");
        for (int j = 0; j < 20; j++) {
            text.append("(declare-const Y_").append(j).append(" Real)\n");
        }
        text.append(BOX);
        // 2^13 = 8192 disjuncts is fine, the 14th two-way 'or' would give 16384.
        for (int j = 0; j < 14; j++) {
            text.append("(assert (or (>= Y_").append(j).append(" 1) (<= Y_").append(j).append(" -1)))\n");
        }
        assertEquals("bad.vnnlib:37:9: the assertions expand to more than 10000 disjuncts in disjunctive normal form;"
            + " the specification is too large", error(text.toString()));
        String thirteen = text.substring(0, text.lastIndexOf("(assert"));
        assertEquals(8192, VnnlibParser.parse(thirteen, "ok.vnnlib").cases().get(0).polytopes().size());
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "(and ".repeat(100_000) + "(<= X_0 1)" + ")".repeat(100_000);
        assertEquals("bad.vnnlib:3:5009: 'and'/'or' nested deeper than 1000 levels", error(HEADER + "(assert " + deep + ")\n"));
        String ok = "(or ".repeat(999) + "(<= Y_0 1)" + ")".repeat(999);
        assertEquals(1, VnnlibParser.parse(HEADER + BOX + "(assert " + ok + ")\n", "ok.vnnlib").cases().size());
    }
}
