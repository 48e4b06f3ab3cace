package io.netverify.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --onnx MODEL --vnnlib SPEC}: the network and the property of one instance. */
final class InstanceFiles {
    @Option(names = "--onnx", required = true, paramLabel = "MODEL", description = "The ONNX network.")
    Path onnx;

    @Option(names = "--vnnlib", required = true, paramLabel = "SPEC", description = "The VNN-LIB property.")
    Path vnnlib;
}
