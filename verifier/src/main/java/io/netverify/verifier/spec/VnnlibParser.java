package io.netverify.verifier.spec;

import io.netverify.onnx.InputFiles;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser for the VNN-COMP subset of VNN-LIB 1.0:
 * <ul>
 * <li>{@code (declare-const X_i Real)} and {@code (declare-const Y_j Real)} in any order, before use;
 *     the variables must end up numbered without gaps;</li>
 * <li>{@code (assert e)} where e is {@code (and e...)}, {@code (or e...)} or a comparison
 *     {@code <=, >=, <, >, =} between a variable and a number (either side) or two variables of the
 *     same kind; strict comparisons are read as non-strict (the closure of the unsafe region, which is
 *     what sound verification needs), {@code =} as both inequalities;</li>
 * <li>numbers: integers, decimals, scientific notation, and {@code (- n)}, read exactly (a number
 *     beyond the finite double range is an error); comments from {@code ;} to the end of the line.</li>
 * </ul>
 * Every constraint keeps its constant exactly: proofs use it rounded outwards (the input box and the
 * unsafe regions may only grow), witnesses are checked against the exact value (see {@link SpecCase}).
 * The conjunction of all assertions is expanded to disjunctive normal form (with a limit of
 * {@value #MAX_DISJUNCTS} disjuncts against exponential blow-up) and grouped into cases by
 * {@link CaseBuilder}. Comparisons of two inputs become {@link InputConstraints}; comparisons that mix
 * an input with an output are rejected. Every problem is a {@link SpecException}
 * {@code file:line:column: ...}.
 */
public final class VnnlibParser {
    /** Most disjuncts the normal form may have. */
    public static final int MAX_DISJUNCTS = 10_000;
    /** Deepest nesting of and/or accepted; the parser recurses once per level. */
    static final int MAX_DEPTH = 1000;
    /** Most variables of one kind; declarations are indexed arrays, so a huge index must not allocate. */
    static final int MAX_VARIABLES = 1 << 22;

    private final Lexer lex;
    private final String file;
    private final Declarations inputs = new Declarations('X');
    private final Declarations outputs = new Declarations('Y');
    private final List<Atom> atoms = new ArrayList<>();
    private final List<Dnf> assertions = new ArrayList<>();

    private VnnlibParser(String text, String file) {
        this.lex = new Lexer(text, file);
        this.file = file;
    }

    /** Parses a specification file, gzipped or not (see {@link InputFiles}). */
    public static Specification parse(Path path) {
        byte[] bytes;
        try {
            bytes = InputFiles.readAllBytes(path);
        } catch (IOException e) {
            // a plain IOException carries InputFiles' own explanation; the JDK's subclasses only repeat the path
            String why = e.getClass() == IOException.class ? e.getMessage() : e.getClass().getSimpleName();
            throw new SpecException(path + ": cannot read the specification (" + why + ")");
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), path.toString());
    }

    /** Parses a specification; {@code fileName} is only used in error messages. */
    public static Specification parse(String text, String fileName) {
        return new VnnlibParser(text, fileName).specification();
    }

    private Specification specification() {
        while (lex.next() != Lexer.EOF) {
            command();
        }
        int numInputs = inputs.count(file, "input");
        int numOutputs = outputs.count(file, "output");
        if (assertions.isEmpty()) {
            throw lex.error("no assertions: the specification must bound every input");
        }
        Dnf all = conjunction(assertions, assertions.get(0).line, assertions.get(0).column);
        List<SpecCase> cases = new CaseBuilder(file, atoms, inputs, outputs, numInputs, numOutputs).build(all);
        return new Specification(numInputs, numOutputs, cases);
    }

    private void command() {
        if (lex.kind != Lexer.OPEN) {
            throw lex.error("expected '(' starting a command, found " + lex.describe());
        }
        lex.next();
        if (lex.is("declare-const")) {
            declaration();
        } else if (lex.is("assert")) {
            lex.next();
            assertions.add(expression(0));
            expectClose("the assertion");
        } else {
            throw lex.error("unknown command " + lex.describe() + ": expected declare-const or assert");
        }
    }

    private void declaration() {
        lex.next();
        int index = lex.variableIndex();
        if (index < 0) {
            throw lex.error("expected a variable name X_<i> or Y_<j>, found " + lex.describe());
        }
        Declarations kind = lex.first() == 'X' ? inputs : outputs;
        if (index >= MAX_VARIABLES) {
            throw lex.error("variable index too large: at most " + kind.name(MAX_VARIABLES - 1) + " is supported");
        }
        if (kind.isDeclared(index)) {
            throw lex.error(kind.name(index) + " is already declared at " + kind.line(index) + ":" + kind.column(index));
        }
        int line = lex.tokenLine;
        int column = lex.tokenColumn;
        lex.next();
        if (!lex.is("Real")) {
            throw lex.error("unsupported sort " + lex.describe() + " for " + kind.name(index) + ": expected Real");
        }
        kind.declare(index, line, column);
        expectClose("the declaration");
    }

    private void expectClose(String what) {
        if (lex.next() != Lexer.CLOSE) {
            throw lex.error("expected ')' closing " + what + ", found " + lex.describe());
        }
    }

    /** An expression starting at the current token, inside {@code depth} and/or expressions. */
    private Dnf expression(int depth) {
        if (lex.kind != Lexer.OPEN) {
            throw lex.error("expected '(' starting a comparison, 'and' or 'or', found " + lex.describe());
        }
        if (depth >= MAX_DEPTH) {
            throw lex.error("'and'/'or' nested deeper than " + MAX_DEPTH + " levels");
        }
        int line = lex.tokenLine;
        int column = lex.tokenColumn;
        lex.next();
        boolean and = lex.is("and");
        if (and || lex.is("or")) {
            List<Dnf> parts = new ArrayList<>();
            while (lex.next() != Lexer.CLOSE) {
                parts.add(expression(depth + 1));
            }
            if (parts.isEmpty()) {
                throw lex.errorAt(line, column, "'" + (and ? "and" : "or") + "' needs at least one operand");
            }
            return and ? conjunction(parts, line, column) : disjunction(parts, line, column);
        }
        Comparison op = Comparison.of(lex);
        if (op == null) {
            throw lex.error("unknown operator " + lex.describe() + ": expected and, or, <=, >=, <, >, =");
        }
        lex.next();
        Operand left = operand();
        lex.next();
        Operand right = operand();
        if (lex.next() != Lexer.CLOSE) {
            throw lex.error("expected ')' after the two operands of " + op.symbol + ", found " + lex.describe());
        }
        return comparison(op, left, right, line, column);
    }

    private Dnf conjunction(List<Dnf> parts, int line, int column) {
        int overflow = Dnf.productOverflow(parts, MAX_DISJUNCTS);
        if (overflow >= 0) {
            Dnf at = parts.get(overflow);
            throw lex.errorAt(at.line, at.column, "the assertions expand to more than " + MAX_DISJUNCTS
                + " disjuncts in disjunctive normal form; the specification is too large");
        }
        return Dnf.and(parts, line, column);
    }

    private Dnf disjunction(List<Dnf> parts, int line, int column) {
        long size = 0;
        for (Dnf p : parts) {
            size += p.size();
        }
        if (size > MAX_DISJUNCTS) {
            throw lex.errorAt(line, column, "this 'or' expands to more than " + MAX_DISJUNCTS
                + " disjuncts in disjunctive normal form; the specification is too large");
        }
        return Dnf.or(parts, line, column);
    }

    private enum Comparison {
        LE("<="), GE(">="), LT("<"), GT(">"), EQ("=");

        final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        static Comparison of(Lexer lex) {
            for (Comparison c : values()) {
                if (lex.is(c.symbol)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** A comparison operand: a declared variable (input or output, by index) or a number. */
    private record Operand(boolean variable, boolean output, int index, BigDecimal value, String name) {
    }

    /** The operand starting at the current token: X_i, Y_j, a number or {@code (- number)}. */
    private Operand operand() {
        if (lex.kind == Lexer.OPEN) {
            lex.next();
            if (!lex.is("-")) {
                throw lex.error("expected '-' negating a number, found " + lex.describe());
            }
            lex.next();
            BigDecimal v = lex.number();
            if (lex.next() != Lexer.CLOSE) {
                throw lex.error("expected ')' closing the negation, found " + lex.describe());
            }
            return new Operand(false, false, -1, v.negate(), null);
        }
        if (lex.kind != Lexer.SYMBOL) {
            throw lex.error("expected a variable X_<i> or Y_<j> or a number, found " + lex.describe());
        }
        int index = lex.variableIndex();
        if (index >= 0) {
            Declarations kind = lex.first() == 'X' ? inputs : outputs;
            if (!kind.isDeclared(index)) {
                throw lex.error("undeclared variable " + lex.describe());
            }
            return new Operand(true, kind == outputs, index, null, kind.name(index));
        }
        if (!lex.isNumber() && !looksNumeric(lex.first())) {
            throw lex.error("expected a variable X_<i> or Y_<j> or a number, found " + lex.describe());
        }
        return new Operand(false, false, -1, lex.number(), null);
    }

    private static boolean looksNumeric(char first) {
        return (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.';
    }

    private Dnf comparison(Comparison op, Operand left, Operand right, int line, int column) {
        if (!left.variable && !right.variable) {
            throw lex.errorAt(line, column, "comparison of two numbers: one side must be a variable");
        }
        if (left.variable && right.variable) {
            if (left.output != right.output) {
                throw lex.errorAt(line, column, "unsupported: constraint " + left.name + " " + op.symbol + " "
                    + right.name + " mixes an input and an output variable");
            }
            if (left.index == right.index) {
                throw lex.errorAt(line, column, "comparison of " + left.name + " with itself");
            }
        }
        return switch (op) {
            case LE, LT -> Dnf.of(line, column, atom(left, right, line, column));
            case GE, GT -> Dnf.of(line, column, atom(right, left, line, column));
            case EQ -> Dnf.of(line, column, atom(left, right, line, column), atom(right, left, line, column));
        };
    }

    /** Adds the atom {@code low <= high}, written as (terms of low) - (terms of high) <= constant. */
    private int atom(Operand low, Operand high, int line, int column) {
        Atom a;
        if (!high.variable) {
            a = Atom.of(low.output, low.index, 1, -1, 0, high.value, line, column);
        } else if (!low.variable) {
            a = Atom.of(high.output, high.index, -1, -1, 0, low.value.negate(), line, column);
        } else {
            a = Atom.of(low.output, low.index, 1, high.index, -1, BigDecimal.ZERO, line, column);
        }
        atoms.add(a);
        return atoms.size() - 1;
    }
}
