/**
 * Microsoft Cabinet files ([MS-CAB] "Cabinet File Format", revision 13.0), the container ConfigMgr
 * ships its client manifest in ({@code ccmsetup.cab} holding {@code ccmsetup.xml}).
 *
 * <p>{@link io.acu.formats.cab.CabinetWriter} writes a single-cabinet, single-folder file, stored
 * ({@link io.acu.formats.cab.Compression#NONE}) or MSZIP-compressed, with CFDATA checksums, readable
 * by {@code cabextract}, {@code gcab} and Windows' {@code expand}.
 * {@link io.acu.formats.cab.CabinetReader} reads single cabinets with stored and MSZIP folders
 * (what {@code gcab -c -z} and makecab's default write); Quantum, LZX and multi-cabinet sets are
 * refused with a {@link io.acu.formats.cab.MalformedCabinetException}. No Java library for the
 * format is maintained, hence this package.
 */
package io.acu.formats.cab;
