package org.stemstream.consumers.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stemstream.consumers.cnn.Preprocessing;

/**
 * Whether the network input holds the whole particle: a crop scaled up too far ({@code --zoom})
 * cuts the corners off the larger or longer particles, and a cut corner that the crop leaves out
 * cannot be counted. Measured on the cuboid corners that the labels place in the image.
 */
final class CropFit {
    private static final Logger LOG = LoggerFactory.getLogger(CropFit.class);

    private CropFit() {
    }

    /**
     * Over the first {@code n} images whose corners are known: {@code images}, the share with a
     * corner outside the network input ({@code cornersOutside}), and the closest any corner comes to
     * the input's edge in input pixels ({@code closestToEdge}, negative outside). Warns when a corner
     * falls outside.
     */
    static Map<String, Object> measure(Preprocessing pre, LabelledImages images, int n) {
        int side = pre.outputSize();
        int measured = 0, outside = 0;
        double closest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < images.count() && measured < n; i++) {
            if (!images.cornersKnown(i)) {
                continue;
            }
            measured++;
            double[] at = pre.inputPositions(images.image(i), images.width(), images.height(), images.cornerPoints(i));
            double margin = Double.POSITIVE_INFINITY;
            for (double v : at) {
                margin = Math.min(margin, Math.min(v, side - v));
            }
            outside += margin < 0 ? 1 : 0;
            closest = Math.min(closest, margin);
        }
        Map<String, Object> fit = new LinkedHashMap<>();
        fit.put("images", measured);
        fit.put("cornersOutside", measured == 0 ? 0.0 : (double) outside / measured);
        fit.put("closestToEdge", measured == 0 ? null : closest);
        if (outside > 0) {
            LOG.warn("{} of {} training images have a corner outside the {}-pixel network input (as far as {} pixels out): "
                    + "a smaller --zoom or a larger --crop would keep them", outside, measured, side, String.format("%.1f", -closest));
        }
        return fit;
    }
}
