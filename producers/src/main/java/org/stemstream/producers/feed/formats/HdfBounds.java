package org.stemstream.producers.feed.formats;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.filter.PipelineFilterWithData;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.stemstream.producers.feed.RejectedFileException;

/**
 * What reading one HDF5 dataset through jhdf may cost, bounded before it is read: a dataset (its
 * element size, chunk shape, chunks and filters as the file states them) and the most bytes a
 * chunk may take in; a {@link RejectedFileException} out when reading it could exhaust memory.
 *
 * <p>jhdf allocates from the stated sizes as they are (a chunk's buffer, and arrays sized by a
 * chunk's shape, before any data is read), and inflates a deflated chunk into a growing buffer
 * without bound: a few kB of a hostile file inflate to GB. So the chunk shape and count are bounded
 * here, every chunk must be stored (an acquisition writes all of its data; jhdf would fill a gap
 * with zeros, and a hostile shape can claim millions of absent chunks), and each deflated chunk is
 * inflated once, to at most its stated size, before jhdf inflates it again. Filters other than
 * deflate, shuffle and Fletcher-32 (LZF, LZ4, bitshuffle, SZIP...) decode to sizes their own
 * headers state, which jhdf trusts: refused; so is a shuffle whose element size is not the
 * dataset's, over which jhdf loops. Contiguous and compact datasets are the caller's to
 * bound: jhdf reads exactly their stated bytes.
 */
final class HdfBounds {
    /** HDF5's filter ids: deflate (gzip), shuffle and Fletcher-32 never make a chunk larger than its elements. */
    private static final int DEFLATE = 1;
    private static final int SHUFFLE = 2;
    private static final int FLETCHER32 = 3;
    /** Bytes a Fletcher-32 checksum adds to a chunk. */
    private static final int CHECKSUM_BYTES = 4;
    /** More chunks than any image needs; each is looked up, and inflated if deflated, before the read. */
    static final long MAX_CHUNKS = 1L << 20;

    private HdfBounds() {
    }

    /**
     * Refuses a chunked {@code dataset} when one of its chunks holds more than {@code maxBytes}, it
     * is split into more than {@link #MAX_CHUNKS} chunks, a chunk is not stored, a filter is one
     * jhdf cannot bound, or a deflated chunk inflates beyond its elements. {@code what} names the
     * dataset in the reasons.
     */
    static void check(Dataset dataset, long maxBytes, String fileName, String what) throws RejectedFileException {
        if (!(dataset instanceof ChunkedDataset chunked)) {
            return;
        }
        long[] dims = dataset.getDimensionsAsLong();
        int[] chunk = chunked.getChunkDimensions();
        int elementBytes = dataset.getDataType().getSize();
        if (Arrays.stream(dims).anyMatch(d -> d < 0 || d > Integer.MAX_VALUE)) { // jhdf addresses chunks by int offsets
            throw new RejectedFileException(fileName + "'s " + what + " has the shape " + Arrays.toString(dims) + "; HDF5 datasets the feed reads"
                    + " have sizes of 0.." + Integer.MAX_VALUE);
        }
        if (chunk.length != dims.length || Arrays.stream(chunk).anyMatch(c -> c < 1)) {
            throw new RejectedFileException(fileName + "'s " + what + " is stored in chunks of " + Arrays.toString(chunk)
                    + ", which do not tile its shape " + Arrays.toString(dims));
        }
        long chunkBytes = elementBytes;
        long chunks = 1;
        for (int i = 0; i < chunk.length; i++) {
            chunkBytes *= chunk[i];
            chunks *= (dims[i] + chunk[i] - 1) / chunk[i];
            if (chunkBytes > maxBytes || chunks > MAX_CHUNKS) {
                throw new RejectedFileException(fileName + "'s " + what + " is stored in chunks of " + Arrays.toString(chunk) + " x "
                        + elementBytes + " bytes over its shape " + Arrays.toString(dims) + "; the feed reads chunks of at most "
                        + maxBytes + " bytes, at most " + MAX_CHUNKS + " of them");
            }
        }
        boolean deflated = false;
        for (PipelineFilterWithData filter : dataset.getFilters()) {
            int id = filter.getId();
            if (id != DEFLATE && id != SHUFFLE && id != FLETCHER32) {
                throw new RejectedFileException(fileName + "'s " + what + " is compressed with " + filter.getName() + " (HDF5 filter " + id
                        + "); the feed reads data stored plain or with deflate (gzip), shuffle and Fletcher-32");
            }
            // jhdf's unshuffle loops over the element size the filter states, whatever the chunk holds
            int[] data = filter.getFilterData();
            if (id == SHUFFLE && (data.length < 1 || data[0] != elementBytes)) {
                throw new RejectedFileException(fileName + "'s " + what + " is shuffled as elements of " + (data.length < 1 ? "no stated size"
                        : data[0] + " bytes") + "; its elements take " + elementBytes);
            }
            deflated |= id == DEFLATE;
        }
        checkStoredChunks(chunked, dims, chunk, deflated ? chunkBytes + CHECKSUM_BYTES : -1, fileName, what);
    }

    /**
     * Looks up every chunk, refusing the dataset at the first the file does not store (an
     * acquisition stores all of its data; jhdf would fill the gap with zeros) and, where
     * {@code inflateLimit} is not -1, inflating each into a small sink, stopping as soon as one
     * exceeds {@code inflateLimit} bytes.
     */
    private static void checkStoredChunks(ChunkedDataset dataset, long[] dims, int[] chunk, long inflateLimit, String fileName, String what)
            throws RejectedFileException {
        int[] offset = new int[dims.length];
        byte[] sink = new byte[8192];
        while (true) {
            ByteBuffer raw;
            try {
                raw = dataset.getRawChunkBuffer(offset);
            } catch (HdfException e) {
                throw new RejectedFileException(fileName + "'s " + what + " has no readable chunk at " + Arrays.toString(offset)
                        + " of its shape " + Arrays.toString(dims) + " (" + e.getMessage() + ")", e);
            }
            if (inflateLimit >= 0 && inflatedSize(raw, sink, inflateLimit) > inflateLimit) {
                throw new RejectedFileException(fileName + "'s " + what + " has a chunk at " + Arrays.toString(offset)
                        + " that inflates beyond the " + inflateLimit + " bytes its " + Arrays.toString(chunk) + " elements take");
            }
            // the next chunk offset, the last axis fastest
            int axis = dims.length - 1;
            while (axis >= 0 && (long) offset[axis] + chunk[axis] >= dims[axis]) {
                offset[axis--] = 0;
            }
            if (axis < 0) {
                return;
            }
            offset[axis] += chunk[axis];
        }
    }

    /**
     * Bytes {@code raw} inflates to, counted up to {@code limit} + 1. Data that is no deflate
     * stream counts as 0: jhdf refuses it itself, or (where the chunk's filter mask skips deflate)
     * copies it as it is, which takes no more than its stored bytes.
     */
    private static long inflatedSize(ByteBuffer raw, byte[] sink, long limit) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(raw);
            long total = 0;
            while (!inflater.finished() && total <= limit) {
                int n = inflater.inflate(sink);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                total += n;
            }
            return total;
        } catch (DataFormatException e) {
            return 0;
        } finally {
            inflater.end();
        }
    }
}
