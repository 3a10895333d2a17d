package org.stemstream.consumers.train;

/**
 * Training targets of the net's corner maps ({@link org.stemstream.consumers.cnn.MultiTaskNet#CORNERS}):
 * map 0 peaks (Gaussian, height 1, sigma {@value #SIGMA} cells) where the cut corners of a cuboid
 * project, map 1 where all eight corners do, overlapping peaks taking the larger value. Corner
 * positions ({@link LabelledImages#corners()}, source pixels) go through the same crop (turned and
 * scaled or not: {@link org.stemstream.consumers.cnn.Preprocessing#inputPositions}), binning and
 * flip or quarter turn as the image, so the maps stay on the evidence.
 *
 * @param side    the network input's side
 * @param mapSide the maps' side (input side / 4 for maps off the second stage)
 */
record CornerMaps(int side, int mapSide) {
    /** Peak width in map cells (a cell is 2 nm at the default crop and binning; cuts are 1.6-4.9 nm). */
    static final double SIGMA = 0.6;

    /**
     * Writes the two maps ({@code 2 x mapSide x mapSide}, row-major) of the corners at
     * {@code corners[offset..]} (their cut flags), which lie at {@code positions} in the network input
     * (column, row pairs in input pixels, as {@link org.stemstream.consumers.cnn.Preprocessing#inputPositions}
     * gives them), for the dihedral {@code variant} of {@link org.stemstream.consumers.cnn.Dihedral},
     * into {@code dst} at {@code dstOffset}.
     */
    void render(float[] corners, int offset, double[] positions, int variant, float[] dst, int dstOffset) {
        int area = mapSide * mapSide;
        float[] upright = new float[2 * area];
        double cells = (double) side / mapSide; // input pixels per cell
        double twoSigma2 = 2 * SIGMA * SIGMA;
        for (int c = 0; c < 8; c++) {
            double mx = positions[2 * c] / cells;
            double my = positions[2 * c + 1] / cells;
            boolean cut = corners[offset + 3 * c + 2] > 0.5f;
            for (int y = 0; y < mapSide; y++) {
                double dy = y + 0.5 - my;
                for (int x = 0; x < mapSide; x++) {
                    double dx = x + 0.5 - mx;
                    float g = (float) Math.exp(-(dx * dx + dy * dy) / twoSigma2);
                    int at = y * mapSide + x;
                    upright[area + at] = Math.max(upright[area + at], g);
                    if (cut) {
                        upright[at] = Math.max(upright[at], g);
                    }
                }
            }
        }
        org.stemstream.consumers.cnn.Dihedral.apply(upright, 0, dst, dstOffset, mapSide, variant);
        org.stemstream.consumers.cnn.Dihedral.apply(upright, area, dst, dstOffset + area, mapSide, variant);
    }
}
