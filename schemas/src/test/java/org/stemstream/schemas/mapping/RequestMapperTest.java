package org.stemstream.schemas.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stemstream.schemas.avro.CornerCut;
import org.stemstream.schemas.avro.CuboidShape;
import org.stemstream.schemas.avro.ImagingParameters;
import org.stemstream.schemas.avro.SimulationRequest;
import org.stemstream.simulator.CarbonFilm;
import org.stemstream.simulator.Cuboid;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.Labels;
import org.stemstream.simulator.Quaternion;
import org.stemstream.simulator.SimulationSpec;
import org.stemstream.simulator.Sphere;
import org.stemstream.simulator.Vec3;

class RequestMapperTest {
    private static final Imaging DEFAULTS = new Imaging(0.2, 10, new CarbonFilm(3, 0.15, 0.5), 0, 0);

    @Test
    void aCuboidSpecSurvivesTheRoundTripAndItsTruthIsDerived() {
        double[] cuts = {0.2, 0, 0, 0.3, 0, 0, 0, 0};
        SimulationSpec spec = new SimulationSpec(9, new Cuboid(10, 11, 12, cuts), Quaternion.of(1, 2, 3, 4),
                new org.stemstream.simulator.ScanRotation(new Vec3(0, 0, 1), 0.1, false), 128, 128, 0.25, 0.5, -0.5, 79, DEFAULTS);
        SimulationRequest request = RequestMapper.toRequest(spec, "r", "o", "c", 2, 5, Instant.ofEpochMilli(7));
        SimulationSpec back = RequestMapper.toSpec(request, DEFAULTS);

        assertThat(((CuboidShape) request.getShape()).getDeformedCorners()).containsExactly(new CornerCut(0, 0.2), new CornerCut(3, 0.3));
        assertThat(((Cuboid) back.particle()).cutDepths()).containsExactly(cuts);
        assertThat(back.orientation()).isEqualTo(spec.orientation());
        assertThat(back.scanRotation()).isEqualTo(spec.scanRotation());
        assertThat(back.imaging()).isEqualTo(DEFAULTS);
        assertThat(List.of(back.width(), back.height(), request.getViewIndex(), request.getViewsExpected())).containsExactly(128, 128, 2, 5);

        var truth = RequestMapper.truth(back);
        assertThat(truth.getDeformedCount()).isEqualTo(2);
        assertThat(truth.getDeformedCorners()).containsExactly(0, 3);
        // corners 0 (000) and 3 (011) differ in two bits: a face diagonal
        assertThat(truth.getArrangement()).hasToString("FACE_DIAGONAL");
        assertThat(truth.getShape()).hasToString("CUBOID");
    }

    @Test
    void imagingFieldsLeftNullFallBackToTheDefaultsOneByOne() {
        Imaging merged = RequestMapper.imaging(ImagingParameters.newBuilder().setDose(50.0).build(), DEFAULTS);
        assertThat(merged).isEqualTo(new Imaging(0.2, 50, DEFAULTS.carbon(), 0, 0));
        assertThat(RequestMapper.imaging(null, DEFAULTS)).isEqualTo(DEFAULTS);
    }

    @Test
    void malformedRequestsAreRejectedClearly() {
        SimulationSpec spec = new SimulationSpec(1, new Sphere(5), Quaternion.identity(), null, 64, 64, 0.25, 0, 0, 79, DEFAULTS);
        SimulationRequest ok = RequestMapper.toRequest(spec, "r", "o", "c", 0, 1, Instant.EPOCH);
        assertThat(Labels.deformedCount(RequestMapper.toSpec(ok, DEFAULTS).particle())).isZero();

        SimulationRequest zeroQ = SimulationRequest.newBuilder(ok).setOrientation(new org.stemstream.schemas.avro.Quaternion(0.0, 0.0, 0.0, 0.0)).build();
        assertThatThrownBy(() -> RequestMapper.toSpec(zeroQ, DEFAULTS)).hasMessageContaining("zero");
        SimulationRequest badCorner = SimulationRequest.newBuilder(ok).setShape(new CuboidShape(10.0, 10.0, 10.0, List.of(new CornerCut(9, 0.2)))).build();
        assertThatThrownBy(() -> RequestMapper.toSpec(badCorner, DEFAULTS)).hasMessageContaining("corner index 9");
        SimulationRequest zeroDepth = SimulationRequest.newBuilder(ok).setShape(new CuboidShape(10.0, 10.0, 10.0, List.of(new CornerCut(2, 0.0)))).build();
        assertThatThrownBy(() -> RequestMapper.toSpec(zeroDepth, DEFAULTS)).hasMessageContaining("corner 2").hasMessageContaining("0.0");
        SimulationRequest twice = SimulationRequest.newBuilder(ok).setShape(new CuboidShape(10.0, 10.0, 10.0,
                List.of(new CornerCut(2, 0.2), new CornerCut(2, 0.3)))).build();
        assertThatThrownBy(() -> RequestMapper.toSpec(twice, DEFAULTS)).hasMessageContaining("listed twice");
    }
}
