<?php
/**
 * Writes a small generated PNG (200x100, coloured stripes that differ with N) to PATH, in
 * plain PHP (no GD or ImageMagick in the image). Small enough that MediaWiki shows it at
 * full size and never needs to scale it.
 *
 *   php gen-file.php N PATH
 */
[ , $n, $path ] = $argv + [ null, null, null ];
if ( !is_numeric( $n ) || $path === null ) {
	fwrite( STDERR, "usage: php gen-file.php N PATH\n" );
	exit( 2 );
}
$n = (int)$n;
$w = 200;
$h = 100;
$palette = [ [ 70, 130, 180 ], [ 255, 140, 0 ], [ 46, 139, 87 ], [ 220, 20, 60 ], [ 106, 90, 205 ], [ 218, 165, 32 ] ];
$a = $palette[( $n - 1 ) % count( $palette )];
$b = $palette[$n % count( $palette )];
$stripe = 8 + 4 * ( $n % 5 );

$raw = '';
for ( $y = 0; $y < $h; $y++ ) {
	$raw .= "\0"; // filter type: none
	for ( $x = 0; $x < $w; $x++ ) {
		[ $r, $g, $bl ] = intdiv( $x + $y, $stripe ) % 2 ? $a : $b;
		$raw .= chr( $r ) . chr( $g ) . chr( $bl );
	}
}
$chunk = static fn ( string $type, string $data ): string =>
	pack( 'N', strlen( $data ) ) . $type . $data . pack( 'N', crc32( $type . $data ) );
file_put_contents( $path, "\x89PNG\r\n\x1a\n"
	. $chunk( 'IHDR', pack( 'NNCCCCC', $w, $h, 8, 2, 0, 0, 0 ) ) // 8-bit RGB
	. $chunk( 'IDAT', gzcompress( $raw, 9 ) )
	. $chunk( 'IEND', '' ) );
