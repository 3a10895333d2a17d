package org.stemstream.it;

import org.stemstream.consumers.train.LabelledImages;
import org.stemstream.schemas.Pixels;
import org.stemstream.schemas.avro.ImageSource;
import org.stemstream.schemas.avro.PixelEncoding;
import org.stemstream.schemas.avro.StemImage;

/** Rendered detector images as the classifier reads them from images-ready (no truth attached). */
final class ReadyImages {
    private ReadyImages() {
    }

    /** Image {@code i} of {@code images}, id {@code <campaign>-<i>}, object {@code <campaign>-o<i>}. */
    static StemImage of(String campaign, LabelledImages images, int i) {
        return StemImage.newBuilder().setImageId(campaign + "-" + i).setObjectId(campaign + "-o" + i).setCampaignId(campaign)
                .setSource(ImageSource.SIMULATED).setWidth(images.width()).setHeight(images.height()).setPixelSizeNm(0.25)
                .setEncoding(PixelEncoding.UINT16).setPixels(Pixels.uint16(images.image(i))).build();
    }
}
