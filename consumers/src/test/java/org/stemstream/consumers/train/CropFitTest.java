package org.stemstream.consumers.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stemstream.consumers.cnn.Preprocessing;

class CropFitTest {
    @Test
    void aCropScaledUpTooFarLeavesCornersOut() {
        LabelledImages images = DatasetCache.render("seed-benchmark", 60, 31, null);
        Preprocessing turned = Preprocessing.unnormalised(112, 2, "sqrt").withOrient(Preprocessing.CANONICAL);
        double median = Trainer.medianRadius(turned, images, 60);

        // a box's farthest corner lies about twice its radius of gyration from its centre: some 38-40 of
        // the crop's 56 source pixels along the long axis, 8 to 9 input pixels (of 2) inside the edge
        Map<String, Object> fit = CropFit.measure(turned.withRadius(median), images, 60);
        assertThat(fit).containsEntry("images", 60).containsEntry("cornersOutside", 0.0);
        assertThat((Double) fit.get("closestToEdge")).isBetween(5.0, 12.0);

        // 1.3 times larger: 50-52 source pixels, still inside, 1-3 input pixels from the edge
        Map<String, Object> zoomed = CropFit.measure(turned.withRadius(1.3 * median), images, 60);
        assertThat(zoomed).containsEntry("cornersOutside", 0.0);
        assertThat((Double) zoomed.get("closestToEdge")).isBetween(0.5, (Double) fit.get("closestToEdge") - 3);

        // 1.8 times: 68-72 source pixels from the centre, past the crop's 56 along the long axis in most
        Map<String, Object> tooFar = CropFit.measure(turned.withRadius(1.8 * median), images, 60);
        assertThat((Double) tooFar.get("cornersOutside")).isGreaterThan(0.5);
        assertThat((Double) tooFar.get("closestToEdge")).isNegative();
    }
}
