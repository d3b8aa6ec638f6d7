package io.acu.dpcontent.library.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens {@link FileSystemContentStore}s whose staging files are written through channels that misbehave the way
 * storage does, for the tests of the library and of the DP content API. The fault applies to staging files opened
 * after {@link #inject}; {@link Fault#NONE} writes normally.
 */
public final class FaultyStagingChannels {

    /** How the next staging files' channels behave. */
    public enum Fault {
        /** Writes as a plain FileChannel does. */
        NONE,
        /** Takes at most {@link #SHORT_WRITE_BYTES} per write and says so, as FileChannel#write may. */
        SHORT_WRITES,
        /** Writes up to {@link #FREE_BYTES}, then fails with ENOSPC's message, as a full disk does. */
        DISK_FULL,
        /** Reports every write complete, but the first write loses its last {@link #LOST_BYTES} bytes. */
        LOSES_BYTES,
        /** Reports every write complete, but the first byte reaches the disk with its lowest bit flipped. */
        FLIPS_A_BIT
    }

    /** Most bytes one write takes under {@link Fault#SHORT_WRITES}. */
    public static final int SHORT_WRITE_BYTES = 1000;
    /** Bytes a staging file can hold under {@link Fault#DISK_FULL}. */
    public static final int FREE_BYTES = 4096;
    /** Bytes dropped under {@link Fault#LOSES_BYTES}. */
    public static final int LOST_BYTES = 10;

    private volatile Fault fault = Fault.NONE;

    /**
     * @param next the fault the next staging files' channels have
     * @return this
     */
    public FaultyStagingChannels inject(Fault next) {
        this.fault = next;
        return this;
    }

    /**
     * @param root the library directory
     * @return a store whose staging channels have the fault injected at the time each is opened
     */
    public FileSystemContentStore open(Path root) throws IOException {
        return FileSystemContentStore.open(root, this::channel);
    }

    private FileChannel channel(Path path) throws IOException {
        FileChannel real = FileChannel.open(path, StandardOpenOption.WRITE);
        Fault now = fault;
        return now == Fault.NONE ? real : new Faulty(real, now);
    }

    /** Delegates to a real channel, except for {@link #write(ByteBuffer)}. */
    private static final class Faulty extends FileChannel {
        private final FileChannel real;
        private final Fault fault;
        private long written;

        Faulty(FileChannel real, Fault fault) {
            this.real = real;
            this.fault = fault;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            switch (fault) {
                case SHORT_WRITES -> {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + Math.min(part.remaining(), SHORT_WRITE_BYTES));
                    int n = real.write(part);
                    src.position(src.position() + n);
                    written += n;
                    return n;
                }
                case DISK_FULL -> {
                    long room = FREE_BYTES - written;
                    if (room <= 0) {
                        throw new IOException("No space left on device");
                    }
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + (int) Math.min(part.remaining(), room));
                    int n = real.write(part);
                    src.position(src.position() + n);
                    written += n;
                    return n;
                }
                case LOSES_BYTES, FLIPS_A_BIT -> {
                    int n = src.remaining();
                    byte[] bytes = new byte[n];
                    src.get(bytes);
                    boolean first = written == 0;
                    written += n;
                    if (first && fault == Fault.FLIPS_A_BIT) {
                        bytes[0] ^= 1;
                    }
                    int kept = first && fault == Fault.LOSES_BYTES ? Math.max(0, n - LOST_BYTES) : n;
                    ByteBuffer toDisk = ByteBuffer.wrap(bytes, 0, kept);
                    while (toDisk.hasRemaining()) {
                        real.write(toDisk);
                    }
                    return n;
                }
                default -> {
                    return real.write(src);
                }
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new UnsupportedOperationException("the store writes one buffer at a time");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            throw new UnsupportedOperationException("the store appends");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
