package io.netverify.verifier.bounds;

import io.netverify.bounds.BoundMethod;
import io.netverify.bounds.BoundPropagator;
import io.netverify.bounds.Bounds;
import io.netverify.onnx.SharedData;

import java.nio.file.Path;

/** Prints how our bounds compare with the reference per instance (a diagnostic, run by hand). */
public final class ReferenceBoundsReport {
    public static void main(String[] args) {
        System.setProperty(SharedData.PROPERTY, args[0]);
        for (int a = 1; a < args.length; a++) {
            for (Path f : ReferenceInstance.files(args[a])) {
                ReferenceInstance r = ReferenceInstance.load(args[a], f);
                StringBuilder sb = new StringBuilder(r.name());
                for (BoundMethod m : BoundMethod.values()) {
                    String key = switch (m) { case IBP -> "ibp"; case CROWN -> "crown"; case ALPHA_CROWN -> "alpha-crown"; };
                    long t0 = System.nanoTime();
                    Bounds b = BoundPropagator.of(r.graph()).method(m).compute(r.box(), r.c(), r.d());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double[] rl = r.reference(key, true, false);
                    double[] ru = r.reference(key, true, true);
                    double worst = 0;
                    double ours = 0;
                    double ref = 0;
                    for (int k = 0; k < rl.length; k++) {
                        worst = Math.max(worst, Math.max(rl[k] - b.lower()[k], b.upper()[k] - ru[k]) / (1 + Math.abs(rl[k])));
                        ours += b.upper()[k] - b.lower()[k];
                        ref += ru[k] - rl[k];
                    }
                    sb.append(String.format("  %s: looser-by %.2e width %.4g/%.4g (%.2fs)", key, worst, ours / rl.length, ref / rl.length, secs));
                }
                System.out.println(sb);
            }
        }
    }
}
