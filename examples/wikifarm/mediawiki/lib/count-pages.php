<?php
/**
 * Reads a MediaWiki XML dump (plain or .gz: a path, or - for stdin) and checks that it is
 * well-formed XML, printing "valid XML: N pages, M revisions". Exits 1 on the first XML error.
 *
 *   php count-pages.php /srv/dumps/enwiki/latest/enwiki-latest-pages-meta-current.xml.gz
 */
$path = $argv[1] ?? '-';
$uri = $path === '-' ? 'php://stdin' : ( str_ends_with( $path, '.gz' ) ? "compress.zlib://$path" : $path );
libxml_use_internal_errors( true );
$reader = new XMLReader();
if ( !$reader->open( $uri, null, LIBXML_NONET | LIBXML_PARSEHUGE ) ) {
	fwrite( STDERR, "cannot open $path\n" );
	exit( 1 );
}
$pages = 0;
$revisions = 0;
$root = null;
while ( ( $ok = @$reader->read() ) ) {
	if ( $reader->nodeType === XMLReader::ELEMENT ) {
		$root ??= $reader->localName;
		if ( $reader->localName === 'page' ) {
			$pages++;
		} elseif ( $reader->localName === 'revision' ) {
			$revisions++;
		}
	}
}
$errors = libxml_get_errors();
if ( $errors || $root !== 'mediawiki' ) {
	$e = $errors[0] ?? null;
	fwrite( STDERR, $e ? sprintf( "invalid XML at line %d: %s", $e->line, trim( $e->message ) ) . "\n" : "not a MediaWiki dump (root element: $root)\n" );
	exit( 1 );
}
echo "valid XML: $pages pages, $revisions revisions\n";
