package io.netverify.verifier.api;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.bounds.Interval;
import io.netverify.onnx.ModelException;
import io.netverify.onnx.OnnxModel;
import io.netverify.verifier.VerificationResult;
import io.netverify.verifier.Verifier;
import io.netverify.verifier.VerifierOptions;
import io.netverify.verifier.certify.CertifyMethod;
import io.netverify.verifier.certify.CertifySettings;
import io.netverify.verifier.certify.Certifier;
import io.netverify.verifier.certify.Dataset;
import io.netverify.verifier.certify.PointResult;
import io.netverify.verifier.certify.RobustnessProperty;
import io.netverify.verifier.spec.SpecException;
import io.netverify.verifier.spec.Specification;
import io.netverify.verifier.spec.VnnlibParser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's entry points, one static method per task: load a network, bound its outputs (or
 * linear functions {@code C y} of them) over an input box, verify a VNN-LIB property, certify a
 * labelled point at a radius. Inputs and outputs are flat {@code double[]} vectors numbered as in
 * VNN-LIB ({@code X_i}, {@code Y_j}). Every bound is sound for the exact function the file states,
 * and every counterexample has been re-checked by exact evaluation. Bad input (a file that is not a
 * supported network or property, arrays of the wrong size) is an unchecked exception with a one-line
 * message naming the file or the argument.
 */
public final class Netverify {
    private Netverify() {
    }

    /**
     * Reads an ONNX network (gzipped or not) and normalises it to the graph IR.
     *
     * @param onnx the file
     * @return the network
     * @throws ModelException if the file cannot be read, is not ONNX, uses an unsupported operator or
     *                        does not have one input and one output
     */
    public static Network load(Path onnx) {
        return new Network(OnnxModel.read(onnx).toGraph(), onnx.toString());
    }

    /**
     * Sound bounds of every output over the box {@code lower <= x <= upper}.
     *
     * @param net    the network
     * @param lower  the box's lower corner, {@link Network#inputSize()} values
     * @param upper  the box's upper corner, at least {@code lower} in every dimension
     * @param method {@link BoundMethod#IBP} (fastest), {@link BoundMethod#CROWN} or
     *               {@link BoundMethod#ALPHA_CROWN} (tightest)
     * @return one bound pair per output
     * @throws IllegalArgumentException if the box has the wrong size or is empty
     */
    public static OutputBounds bounds(Network net, double[] lower, double[] upper, BoundMethod method) {
        return of(BoundPropagator.of(net.graph()).method(method).compute(box(net, lower, upper)));
    }

    /**
     * Sound bounds of the linear functions {@code C y} of the output y over the box: a certified
     * training step or a robustness check passes the margin rows {@code e_label - e_j}
     * ({@link #marginRows}), whose lower bounds are positive where the label provably wins.
     *
     * @param net    the network
     * @param lower  the box's lower corner, {@link Network#inputSize()} values
     * @param upper  the box's upper corner
     * @param method the bound method
     * @param c      the spec matrix: one row of {@link Network#outputSize()} coefficients per function
     * @return one bound pair per row of c
     * @throws IllegalArgumentException if the box or a row of c has the wrong size
     */
    public static OutputBounds bounds(Network net, double[] lower, double[] upper, BoundMethod method, double[][] c) {
        checkRows(net, c);
        return of(BoundPropagator.of(net.graph()).method(method).compute(box(net, lower, upper), c, new double[c.length]));
    }

    /**
     * Bounds of {@code C y} over many boxes at once (a training batch): IBP and CROWN run all boxes
     * through each layer together, which is several times faster than one call per box.
     *
     * @param net    the network
     * @param lower  the lower corner of each box
     * @param upper  the upper corner of each box, as many as lower
     * @param method the bound method
     * @param c      the spec matrix shared by all boxes
     * @return the bounds of each box, in the order of the boxes
     * @throws IllegalArgumentException if the corners do not pair up or have the wrong size
     */
    public static List<OutputBounds> boundsBatch(Network net, double[][] lower, double[][] upper, BoundMethod method,
                                                 double[][] c) {
        if (lower.length != upper.length) {
            throw new IllegalArgumentException(lower.length + " lower corners but " + upper.length + " upper corners");
        }
        checkRows(net, c);
        List<Interval> boxes = new ArrayList<>();
        for (int i = 0; i < lower.length; i++) {
            boxes.add(box(net, lower[i], upper[i]));
        }
        return BoundPropagator.of(net.graph()).method(method).computeBatch(boxes, c, new double[c.length]).stream()
            .map(Netverify::of).toList();
    }

    /**
     * The margin rows of a classifier: row k is {@code e_label - e_j} for the k-th class j other than
     * the label, so {@code (C y)_k = y_label - y_j}.
     *
     * @param label   the class that should win
     * @param classes the number of outputs
     * @return {@code classes - 1} rows of {@code classes} coefficients
     */
    public static double[][] marginRows(int label, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " is not one of " + classes + " classes");
        }
        return RobustnessProperty.marginRows(label, classes);
    }

    /**
     * Decides a VNN-LIB property (gzipped or not) of the network: attacks, bound propagation, then
     * branch and bound, as {@code verify run} does.
     *
     * @param net            the network
     * @param vnnlib         the property file
     * @param timeoutSeconds the wall-clock budget
     * @return the verdict ({@code UNSAT}: the property holds; {@code SAT}: with a re-checked
     *         counterexample in {@code input()} and its output), a one-line detail and the time taken
     * @throws SpecException if the file is not a supported VNN-LIB property of this network's size
     */
    public static VerificationResult verify(Network net, Path vnnlib, double timeoutSeconds) {
        Specification property = VnnlibParser.parse(vnnlib);
        property.checkDimensions(net.inputSize(), net.outputSize(), vnnlib.toString());
        return Verifier.verify(net.graph(), property, VerifierOptions.defaults().withTimeout(timeoutSeconds));
    }

    /**
     * Certifies a classifier at one point: whether {@code label} stays the strict maximum on the box
     * {@code [x - eps, x + eps]}, as {@code verify certify} does for each point of a dataset (no
     * clipping or normalisation of the box; 10 s for the attack and the stronger methods).
     *
     * @param net    the network
     * @param x      the point, {@link Network#inputSize()} values
     * @param label  its class
     * @param eps    the L-infinity radius, finite and non-negative
     * @param method how far to go: IBP, CROWN, ALPHA_CROWN, or COMPLETE (branch and bound)
     * @return certified, falsified (with a re-checked counterexample) or unknown, with the best
     *         margin lower bound and the stage that decided
     * @throws IllegalArgumentException if x has the wrong size, the label is not a class, or eps is invalid
     */
    public static PointResult certify(Network net, double[] x, int label, double eps, CertifyMethod method) {
        net.checkInput(x, "x");
        marginRows(label, net.outputSize());
        Certifier certifier = new Certifier(net.graph(), CertifySettings.of(eps).withMethod(method), null, line -> { });
        return certifier.certify(new Dataset(new double[][] {x.clone()}, new int[] {label}, new int[] {x.length}))
            .points().get(0);
    }

    private static Interval box(Network net, double[] lower, double[] upper) {
        net.checkInput(lower, "lower");
        net.checkInput(upper, "upper");
        return new Interval(lower.clone(), upper.clone());
    }

    private static void checkRows(Network net, double[][] c) {
        for (int k = 0; k < c.length; k++) {
            if (c[k].length != net.outputSize()) {
                throw new IllegalArgumentException("row " + k + " of c has " + c[k].length + " coefficients, the network has "
                    + net.outputSize() + " outputs");
            }
        }
    }

    private static OutputBounds of(Bounds b) {
        return new OutputBounds(b.method(), b.lower(), b.upper());
    }
}
