<?php
/**
 * Prints one setting of one wiki of the farm, read from the rendered configuration
 * (db_mapping.php, InitialiseSettings.php), so that scripts need only the wiki's name.
 *
 *   php wiki-info.php WIKI db|lang|sitename
 */
[ , $wiki, $what ] = $argv + [ null, null, null ];
$mapping = require '/etc/mediawiki/db_mapping.php';
if ( !isset( $mapping[$wiki] ) ) {
	fwrite( STDERR, "unknown wiki '$wiki'; the farm has: " . implode( ', ', array_keys( $mapping ) ) . "\n" );
	exit( 1 );
}
$db = $mapping[$wiki];
$settings = require '/etc/mediawiki/InitialiseSettings.php';
$get = static fn ( string $name ) => $settings[$name][$db] ?? $settings[$name]['default'];
switch ( $what ) {
	case 'db':
		echo "$db\n";
		break;
	case 'lang':
		echo $get( 'wgLanguageCode' ) . "\n";
		break;
	case 'sitename':
		echo $get( 'wgSitename' ) . "\n";
		break;
	default:
		fwrite( STDERR, "usage: php wiki-info.php WIKI db|lang|sitename\n" );
		exit( 2 );
}
