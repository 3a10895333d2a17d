package org.stemstream.consumers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.TaskPrediction;

class BaselineModelTest {
    @Test
    void fillRatioOfARectangleIsOneAndOfATriangleAboutAHalf() {
        float[] rect = new float[20 * 20];
        float[] tri = new float[20 * 20];
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                rect[y * 20 + x] = (x >= 5 && x < 15 && y >= 2 && y < 8) ? 9 : 0;
                tri[y * 20 + x] = x <= y ? 9 : 0;
            }
        }
        assertThat(BaselineModel.fillRatio(rect, 20, 20)).isEqualTo(1.0);
        assertThat(BaselineModel.fillRatio(tri, 20, 20)).isCloseTo(210 / 400.0, within(1e-12));
        assertThat(BaselineModel.fillRatio(new float[16], 4, 4)).isZero();
    }

    @Test
    void predictionsAreDistributionsOverTheTaskClassesAndSayWhatTheModelIs() {
        List<List<TaskPrediction>> out = new BaselineModel().predict(List.of(Images.rectangle("a", 32, 32, 8, 8, 16, 12, 0)));
        assertThat(out).hasSize(1);
        for (TaskPrediction p : out.get(0)) {
            assertThat(p.getProbabilities().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
            assertThat(p.getClasses()).hasSameSizeAs(p.getProbabilities()).contains(p.getPredicted());
        }
        assertThat(out.get(0)).extracting(TaskPrediction::getTask).containsExactly("T1", "T2");
        assertThat(new BaselineModel().name()).contains("placeholder");
    }
}
