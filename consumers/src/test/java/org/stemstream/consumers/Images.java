package org.stemstream.consumers;

import java.util.List;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.GroundTruth;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.Quaternion;
import org.stemstream.schemas.avro.ShapeKind;
import org.stemstream.schemas.avro.StemImage;

/** Small hand-made images for tests. */
final class Images {
    private Images() {
    }

    /** A w x h image with a filled axis-aligned rectangle of value 100 at (x0, y0) of size rw x rh. */
    static StemImage rectangle(String id, int w, int h, int x0, int y0, int rw, int rh, int deformed) {
        float[] px = new float[w * h];
        for (int y = y0; y < y0 + rh; y++) {
            for (int x = x0; x < x0 + rw; x++) {
                px[y * w + x] = 100;
            }
        }
        return StemImage.newBuilder().setImageId(id).setRequestId(id).setObjectId("o-" + id).setCampaignId("c")
                .setSource(ImageSource.SIMULATED).setWidth(w).setHeight(h).setPixelSizeNm(0.25)
                .setEncoding(PixelEncoding.UINT16).setPixels(Pixels.uint16(px))
                .setTruth(new GroundTruth(ShapeKind.CUBOID, deformed, List.of(), null, new Quaternion(1.0, 0.0, 0.0, 0.0), 0.0))
                .build();
    }
}
