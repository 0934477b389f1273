package dev.mlops.data;

/**
 * The hash that places a unit (a user, a session, a device: whatever is randomized) in one of
 * {@value #SLOTS} slots. It is specified exactly so that any implementation, in any language,
 * reproduces the assignments:
 *
 * <ol>
 *   <li>The bytes hashed are the UTF-8 encoding of the text (for a Java string: exactly
 *       {@code text.getBytes(StandardCharsets.UTF_8)}, so an unpaired surrogate is encoded as
 *       {@code '?'}, 0x3F). The platform charset never matters.</li>
 *   <li>The hash is XXH64 (xxHash, 64-bit variant, version 0.8 specification) of those bytes,
 *       read as an unsigned 64-bit number.</li>
 *   <li>The seed of an experiment is {@code XXH64(UTF-8(salt), phase)}; a unit's hash is
 *       {@code h = XXH64(UTF-8(unit), seed)}.</li>
 *   <li>The slot is {@code (h >>> 32) * 10000 >>> 32}: the top 32 bits scaled to [0, 10000),
 *       i.e. floor(hi32(h) · 10000 / 2^32).</li>
 * </ol>
 *
 * In Python: {@code seed = xxhash.xxh64_intdigest(salt.encode(), phase);
 * slot = (xxhash.xxh64_intdigest(unit.encode(), seed) >> 32) * 10000 >> 32}.
 *
 * <p>The text is encoded on the fly from its chars: hashing allocates nothing and takes no lock.
 * ASCII text is read once; other text is read again to count its UTF-8 bytes (XXH64 needs the
 * length first) and once more to hash them.
 */
public final class UnitHash {

    /** The number of slots a unit can fall into; allocations hand these out to variants. */
    public static final int SLOTS = 10_000;

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private UnitHash() {
    }

    /**
     * The seed of an experiment: XXH64 of the salt's UTF-8 bytes, seeded with the phase. A new
     * phase (or salt) reshuffles every unit.
     */
    public static long seed(CharSequence salt, long phase) {
        return xxh64(salt, phase);
    }

    /** The slot of a unit in an experiment with this seed, in [0, {@value #SLOTS}). */
    public static int slot(CharSequence unit, long seed) {
        return slotOf(xxh64(unit, seed));
    }

    /** The slot a hash falls into: floor(hi32(hash) · 10000 / 2^32), in [0, {@value #SLOTS}). */
    public static int slotOf(long hash) {
        return (int) (((hash >>> 32) * SLOTS) >>> 32);
    }

    /**
     * XXH64 of the UTF-8 encoding of {@code text} (unpaired surrogates as {@code '?'}), without
     * allocating.
     */
    public static long xxh64(CharSequence text, long seed) {
        return asciiXxh64(text, text.length(), seed);
    }

    /**
     * The common case, one byte per char: eight chars make a little-endian word. The chars are
     * gathered in two words of 16-bit lanes (even and odd positions), so a char above 0x7F shows
     * in the OR of all lanes however wide it is; that OR is checked once at the end, and any
     * other text starts over on the UTF-8 path.
     */
    private static long asciiXxh64(CharSequence text, int length, long seed) {
        long lanes = 0;
        int i = 0;
        long hash;
        if (length >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            do {
                long e1 = even(text, i);
                long o1 = odd(text, i);
                long e2 = even(text, i + 8);
                long o2 = odd(text, i + 8);
                long e3 = even(text, i + 16);
                long o3 = odd(text, i + 16);
                long e4 = even(text, i + 24);
                long o4 = odd(text, i + 24);
                lanes |= e1 | o1 | e2 | o2 | e3 | o3 | e4 | o4;
                v1 = round(v1, e1 | o1 << 8);
                v2 = round(v2, e2 | o2 << 8);
                v3 = round(v3, e3 | o3 << 8);
                v4 = round(v4, e4 | o4 << 8);
                i += 32;
            } while (i <= length - 32);
            hash = converge(v1, v2, v3, v4);
        } else {
            hash = seed + P5;
        }
        hash += length;
        for (; i <= length - 8; i += 8) {
            long e = even(text, i);
            long o = odd(text, i);
            lanes |= e | o;
            hash = mixWord(hash, e | o << 8);
        }
        if (i <= length - 4) {
            long e = text.charAt(i) | (long) text.charAt(i + 2) << 16;
            long o = text.charAt(i + 1) | (long) text.charAt(i + 3) << 16;
            lanes |= e | o;
            hash = mixInt(hash, e | o << 8);
            i += 4;
        }
        for (; i < length; i++) {
            char c = text.charAt(i);
            lanes |= c;
            hash = mixByte(hash, c);
        }
        if ((lanes & 0xFF80FF80FF80FF80L) != 0) {
            return utf8Xxh64(text, length, seed);
        }
        return avalanche(hash);
    }

    /** The chars at i, i+2, i+4, i+6 in 16-bit lanes. */
    private static long even(CharSequence text, int i) {
        return text.charAt(i) | (long) text.charAt(i + 2) << 16 | (long) text.charAt(i + 4) << 32 | (long) text.charAt(i + 6) << 48;
    }

    /** The chars at i+1, i+3, i+5, i+7 in 16-bit lanes. */
    private static long odd(CharSequence text, int i) {
        return text.charAt(i + 1) | (long) text.charAt(i + 3) << 16 | (long) text.charAt(i + 5) << 32 | (long) text.charAt(i + 7) << 48;
    }

    /**
     * Any text: the UTF-8 length is counted first (XXH64 needs it up front), then the bytes are
     * produced char by char into a word accumulator that feeds stripes or tail words.
     */
    private static long utf8Xxh64(CharSequence text, int length, long seed) {
        long byteLength = utf8Length(text, length);
        long stripeWords = byteLength >= 32 ? (byteLength >>> 5) << 2 : 0;
        long v1 = seed + P1 + P2;
        long v2 = seed + P2;
        long v3 = seed;
        long v4 = seed - P1;
        long hash = stripeWords == 0 ? seed + P5 + byteLength : 0;
        long words = 0;
        long acc = 0;
        int filled = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            int encoded;
            int count;
            if (c < 0x80) {
                encoded = c;
                count = 1;
            } else if (c < 0x800) {
                encoded = (0xC0 | c >>> 6) | (0x80 | c & 0x3F) << 8;
                count = 2;
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < length ? text.charAt(i + 1) : 0;
                if (Character.isHighSurrogate(c) && Character.isLowSurrogate(low)) {
                    int cp = Character.toCodePoint(c, low);
                    encoded = (0xF0 | cp >>> 18)
                        | (0x80 | cp >>> 12 & 0x3F) << 8
                        | (0x80 | cp >>> 6 & 0x3F) << 16
                        | (0x80 | cp & 0x3F) << 24;
                    count = 4;
                    i++;
                } else {
                    encoded = '?';
                    count = 1;
                }
            } else {
                encoded = (0xE0 | c >>> 12) | (0x80 | c >>> 6 & 0x3F) << 8 | (0x80 | c & 0x3F) << 16;
                count = 3;
            }
            for (int b = 0; b < count; b++) {
                acc |= (long) (encoded >>> (b << 3) & 0xFF) << (filled << 3);
                if (++filled == 8) {
                    if (words < stripeWords) {
                        switch ((int) (words & 3)) {
                            case 0 -> v1 = round(v1, acc);
                            case 1 -> v2 = round(v2, acc);
                            case 2 -> v3 = round(v3, acc);
                            default -> {
                                v4 = round(v4, acc);
                                if (words == stripeWords - 1) {
                                    hash = converge(v1, v2, v3, v4) + byteLength;
                                }
                            }
                        }
                    } else {
                        hash = mixWord(hash, acc);
                    }
                    words++;
                    acc = 0;
                    filled = 0;
                }
            }
        }
        if (filled >= 4) {
            hash = mixInt(hash, acc & 0xFFFFFFFFL);
            acc >>>= 32;
            filled -= 4;
        }
        for (; filled > 0; filled--) {
            hash = mixByte(hash, (int) (acc & 0xFF));
            acc >>>= 8;
        }
        return avalanche(hash);
    }

    /** The number of UTF-8 bytes of the text, unpaired surrogates counting one ('?'). */
    static long utf8Length(CharSequence text, int length) {
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long converge(long v1, long v2, long v3, long v4) {
        long hash = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
        hash = mergeRound(hash, v1);
        hash = mergeRound(hash, v2);
        hash = mergeRound(hash, v3);
        return mergeRound(hash, v4);
    }

    private static long mergeRound(long hash, long v) {
        return (hash ^ round(0, v)) * P1 + P4;
    }

    private static long mixWord(long hash, long word) {
        return Long.rotateLeft(hash ^ round(0, word), 27) * P1 + P4;
    }

    private static long mixInt(long hash, long unsignedInt) {
        return Long.rotateLeft(hash ^ unsignedInt * P1, 23) * P2 + P3;
    }

    private static long mixByte(long hash, int unsignedByte) {
        return Long.rotateLeft(hash ^ unsignedByte * P5, 11) * P1;
    }

    private static long avalanche(long hash) {
        hash ^= hash >>> 33;
        hash *= P2;
        hash ^= hash >>> 29;
        hash *= P3;
        return hash ^ hash >>> 32;
    }
}
