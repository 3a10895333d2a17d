package org.stemstream.producers.feed.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * MRC files laid out by hand as the MRC2014 standard has them (1024-byte header of 4-byte words,
 * extended header, then the data, x fastest), so that tests need no MRC library. Defaults: one
 * little-endian section, "MAP " and stamp set, mx = nx and my = ny, no cell (uncalibrated).
 */
final class MrcFile {
    private final int nx;
    private final int ny;
    private final int mode;
    private final byte[] data;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private int nz = 1;
    private int ispg;
    private int mx;
    private int my;
    private float cellaX;
    private float cellaY;
    private int nsymbt;
    private boolean stamped = true;
    private byte[] stamp;
    private Integer imodFlags;

    private MrcFile(int nx, int ny, int mode, byte[] data) {
        this.nx = nx;
        this.ny = ny;
        this.mode = mode;
        this.data = data;
        this.mx = nx;
        this.my = ny;
    }

    /** A file of nx x ny pixels in {@code mode} whose data block is {@code data} as given. */
    static MrcFile of(int nx, int ny, int mode, byte[] data) {
        return new MrcFile(nx, ny, mode, data);
    }

    MrcFile order(ByteOrder order) {
        this.order = order;
        return this;
    }

    MrcFile sections(int nz) {
        this.nz = nz;
        return this;
    }

    /** The space group: 0 (the default) for images and stacks, 1 and up for volumes. */
    MrcFile spaceGroup(int ispg) {
        this.ispg = ispg;
        return this;
    }

    /** cella x and y in Å over the mx and my intervals. */
    MrcFile cell(float cellaX, int mx, float cellaY, int my) {
        this.cellaX = cellaX;
        this.mx = mx;
        this.cellaY = cellaY;
        this.my = my;
        return this;
    }

    /** An extended header of this many bytes (each 0x5A), as nsymbt states. */
    MrcFile extendedHeader(int nsymbt) {
        this.nsymbt = nsymbt;
        return this;
    }

    /** No "MAP " and no machine stamp: how files were written before MRC2014. */
    MrcFile unstamped() {
        this.stamped = false;
        return this;
    }

    /** This machine stamp instead of the one of the byte order. */
    MrcFile stamp(int b0, int b1) {
        this.stamp = new byte[] {(byte) b0, (byte) b1, 0, 0};
        return this;
    }

    /** IMOD's stamp and these flags (1: bytes are signed). */
    MrcFile imodFlags(int flags) {
        this.imodFlags = flags;
        return this;
    }

    byte[] bytes() {
        // a hostile nsymbt is only stated: its bytes are not written
        int extended = nsymbt >= 0 && nsymbt <= 1 << 20 ? nsymbt : 0;
        ByteBuffer b = ByteBuffer.allocate(1024 + extended + data.length).order(order);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode);
        b.putInt(28, mx).putInt(32, my).putInt(36, nz);
        b.putFloat(40, cellaX).putFloat(44, cellaY).putFloat(48, 0);
        b.putFloat(52, 90).putFloat(56, 90).putFloat(60, 90);
        b.putInt(64, 1).putInt(68, 2).putInt(72, 3);
        b.putInt(88, ispg).putInt(92, nsymbt);
        b.putInt(108, 20140); // nversion
        if (imodFlags != null) {
            b.putInt(152, MrcHeader.IMOD_STAMP).putInt(156, imodFlags);
        }
        if (stamped) {
            b.put(208, "MAP ".getBytes(StandardCharsets.US_ASCII));
            boolean little = order == ByteOrder.LITTLE_ENDIAN;
            b.put(212, stamp != null ? stamp : little ? new byte[] {0x44, 0x44, 0, 0} : new byte[] {0x11, 0x11, 0, 0});
        }
        for (int i = 0; i < extended; i++) {
            b.put(1024 + i, (byte) 0x5A);
        }
        b.put(1024 + extended, data);
        return b.array();
    }

    static byte[] int8(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** 16-bit words (int16, uint16 or half-float bits) in {@code order}. */
    static byte[] words(ByteOrder order, int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(order);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    static byte[] float32(ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
