package org.stemstream.consumers.train;

import java.util.random.RandomGenerator;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.stemstream.consumers.cnn.Dihedral;
import org.stemstream.consumers.cnn.Preprocessing;

/**
 * The network's inputs for {@link Trainer}: raw images of a {@link LabelledImages} through the
 * classifier's own {@link Preprocessing}, for the validation set up front, and for training one
 * minibatch at a time (at full resolution an epoch's inputs would take gigabytes).
 */
final class NetworkInputs {
    private NetworkInputs() {
    }

    /** Network inputs of images {@code from..to}. */
    static float[] of(Preprocessing pre, LabelledImages images, int from, int to) {
        return of(pre, images, to - from, j -> from + j);
    }

    /** Network inputs of images {@code index(0..n-1)}, in that order. */
    private static float[] of(Preprocessing pre, LabelledImages images, int n, IntUnaryOperator index) {
        int area = pre.outputSize() * pre.outputSize();
        float[] out = new float[n * area];
        IntStream.range(0, n).parallel().forEach(j ->
                pre.applyInto(images.image(index.applyAsInt(j)), images.width(), images.height(), out, j * area));
        return out;
    }

    /**
     * A training minibatch of images {@code order[start..start + b)}: their inputs, each in a random
     * one of the preprocessing's {@linkplain Preprocessing#symmetries() symmetries of the square},
     * with their labels and label masks (the heads that an image does not teach are masked), and
     * the labels of the cut heads ({@link org.stemstream.consumers.cnn.MultiTaskNet#HIDDEN_CUTS} and
     * {@link org.stemstream.consumers.cnn.MultiTaskNet#OUTLINE_CUTS}; masked where the corners are not
     * known) when {@code cutHeads}, and corner maps when {@code maps} is not null: in the net's order of outputs.
     */
    static MultiDataSet minibatch(Preprocessing pre, boolean cutHeads, CornerMaps maps, LabelledImages images, int[] order, int start, int b,
                                  RandomGenerator rnd) {
        int side = pre.outputSize();
        int area = side * side;
        float[] x = of(pre, images, b, j -> order[start + j]);
        float[] features = new float[b * area];
        int mapArea = maps == null ? 0 : maps.mapSide() * maps.mapSide();
        float[] cornerTarget = maps == null ? null : new float[b * 2 * mapArea];
        float[] cornerMask = maps == null ? null : new float[b * 2 * mapArea];
        float[] t1 = new float[b * 2];
        float[] t2 = new float[b * 9];
        float[] t3 = new float[b * 3];
        float[] t4 = new float[b * 3];
        float[] k = new float[b];
        float[] t1Mask = new float[b];
        float[] t2Mask = new float[b];
        float[] t3Mask = new float[b];
        float[] t4Mask = new float[b];
        float[] hidden = new float[b * 3];
        float[] outline = new float[b * 9];
        float[] cutMask = new float[b];
        for (int j = 0; j < b; j++) {
            int i = order[start + j];
            int variant = rnd.nextInt(pre.symmetries());
            Dihedral.apply(x, j * area, features, j * area, side, variant);
            if (maps != null && images.cornersKnown(i)) {
                double[] at = pre.inputPositions(images.image(i), images.width(), images.height(), images.cornerPoints(i));
                maps.render(images.corners(), i * LabelledImages.CORNER_VALUES, at, variant, cornerTarget, j * 2 * mapArea);
                java.util.Arrays.fill(cornerMask, j * 2 * mapArea, (j + 1) * 2 * mapArea, 1f);
            }
            t4[j * 3 + Trainer.HEADS.get(3).classes().indexOf(images.shape()[i])] = 1;
            t4Mask[j] = images.teaches("T4", i) ? 1 : 0;
            if (!images.shape()[i].equals("cuboid")) {
                continue; // the deformation heads learn from cuboids only (masked)
            }
            int count = images.k()[i];
            t1[j * 2 + (count > 0 ? 1 : 0)] = 1;
            t1Mask[j] = images.teaches("T1", i) ? 1 : 0;
            t2[j * 9 + count] = 1;
            t2Mask[j] = images.teaches("T2", i) ? 1 : 0; // and the k regression
            if (images.arrangement()[i] >= 0) {
                t3[j * 3 + images.arrangement()[i]] = 1;
                t3Mask[j] = images.teaches("T3", i) ? 1 : 0;
            }
            k[j] = count / 8f;
            int inside = cutHeads ? images.hiddenCuts(i) : -1;
            if (inside >= 0) {
                hidden[j * 3 + inside] = 1;
                outline[j * 9 + count - inside] = 1; // all 8 where a face or an edge faces the beam
                cutMask[j] = t2Mask[j];
            }
        }
        INDArray[] labels = {Nd4j.create(t1, new long[] {b, 2}, 'c'), Nd4j.create(t2, new long[] {b, 9}, 'c'),
                Nd4j.create(t3, new long[] {b, 3}, 'c'), Nd4j.create(t4, new long[] {b, 3}, 'c'), Nd4j.create(k, new long[] {b, 1}, 'c')};
        INDArray t2MaskArray = Nd4j.create(t2Mask, new long[] {b, 1}, 'c');
        INDArray[] labelMasks = {Nd4j.create(t1Mask, new long[] {b, 1}, 'c'), t2MaskArray, Nd4j.create(t3Mask, new long[] {b, 1}, 'c'),
                Nd4j.create(t4Mask, new long[] {b, 1}, 'c'), t2MaskArray};
        if (cutHeads) {
            INDArray cutMaskArray = Nd4j.create(cutMask, new long[] {b, 1}, 'c');
            labels = java.util.Arrays.copyOf(labels, labels.length + 2);
            labelMasks = java.util.Arrays.copyOf(labelMasks, labelMasks.length + 2);
            labels[labels.length - 2] = Nd4j.create(hidden, new long[] {b, 3}, 'c');
            labels[labels.length - 1] = Nd4j.create(outline, new long[] {b, 9}, 'c');
            labelMasks[labelMasks.length - 2] = cutMaskArray;
            labelMasks[labelMasks.length - 1] = cutMaskArray;
        }
        if (maps != null) {
            long[] shape = {b, 2, maps.mapSide(), maps.mapSide()};
            labels = java.util.Arrays.copyOf(labels, labels.length + 1);
            labelMasks = java.util.Arrays.copyOf(labelMasks, labelMasks.length + 1);
            labels[labels.length - 1] = Nd4j.create(cornerTarget, shape, 'c');
            labelMasks[labelMasks.length - 1] = Nd4j.create(cornerMask, shape, 'c');
        }
        return new MultiDataSet(new INDArray[] {Nd4j.create(features, new long[] {b, 1, side, side}, 'c')}, labels,
                null, labelMasks);
    }
}
