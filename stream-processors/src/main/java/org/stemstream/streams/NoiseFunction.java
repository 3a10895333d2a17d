package org.stemstream.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.ProcessingStep;
import org.stemstream.schemas.avro.StageTimestamp;
import org.stemstream.schemas.avro.StemImage;
import org.stemstream.schemas.mapping.RequestMapper;
import org.stemstream.simulator.Image;
import org.stemstream.simulator.Imaging;
import org.stemstream.simulator.NoiseStep;
import org.stemstream.simulator.NoisyImage;
import org.stemstream.simulator.Simulator;

/**
 * The noise stage as a pure function: a noiseless simulated image in, detector counts out
 * (probe blur, carbon film, Poisson shot noise, optional read noise and jitter, all from the
 * simulator module), each step appended to the provenance. Settings: the image's own imaging
 * parameters, field by field over this stage's defaults; the output carries the settings applied,
 * every field filled in. Acquired images pass unchanged: they
 * already carry a real microscope's noise.
 */
public final class NoiseFunction {
    private final Imaging defaults;
    private final Clock clock;
    private final MeterRegistry registry;

    public NoiseFunction(Imaging defaults, Clock clock) {
        this(defaults, clock, new SimpleMeterRegistry());
    }

    /** Counts each applied step as {@code stem.noise.steps{stage=noise,step}} in {@code registry}. */
    public NoiseFunction(Imaging defaults, Clock clock, MeterRegistry registry) {
        this.defaults = defaults;
        this.clock = clock;
        this.registry = registry;
    }

    public StemImage apply(StemImage image) {
        if (image.getSource() == ImageSource.ACQUIRED) {
            return image;
        }
        if (image.getEncoding() == PixelEncoding.UINT16) {
            throw new IllegalArgumentException("image " + image.getImageId() + " is " + image.getEncoding()
                    + "; the noise stage takes noiseless float images (FLOAT32 or FLOAT32_BOX)");
        }
        Imaging imaging = RequestMapper.imaging(image.getImaging(), defaults);
        Image clean = Image.wrap(image.getWidth(), image.getHeight(), Pixels.decode(image));
        // A stream of its own, derived from the request seed: rerunning the stage gives the same counts.
        NoisyImage noisy = Simulator.applyNoise(clean, imaging, image.getPixelSizeNm(), RequestMapper.noiseSeed(image.getSeed()));
        List<ProcessingStep> provenance = new ArrayList<>(image.getProvenance());
        for (NoiseStep step : noisy.steps()) {
            provenance.add(new ProcessingStep(NoiseProcessor.APPLICATION_ID, step.name(), step.parameters()));
            registry.counter("stem.noise.steps", "stage", NoiseProcessor.APPLICATION_ID, "step", step.name()).increment();
        }
        List<StageTimestamp> timestamps = new ArrayList<>(image.getTimestamps());
        timestamps.add(new StageTimestamp(NoiseProcessor.APPLICATION_ID, clock.instant()));
        return Pixels.encode(PixelEncoding.UINT16, noisy.image().pixels()).applyTo(StemImage.newBuilder(image))
                .setImaging(RequestMapper.imaging(imaging)) // what was applied: the classifier scales counts by its dose
                .setProvenance(provenance)
                .setTimestamps(timestamps)
                .build();
    }
}
