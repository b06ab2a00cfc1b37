<?php
/**
 * Generates the test pages of one wiki as a MediaWiki XML export (schema 0.11) on stdout,
 * for maintenance/importDump.php. Content is made up, never downloaded, and deterministic:
 * the same arguments give the same pages, revisions and timestamps on every set, so two
 * sets can be compared dump for dump.
 *
 *   php gen-pages.php --wiki NAME --lang en|el --pages N [--greek-title TITLE]
 *                     [--commons-file NAME] [--revisions N]
 *
 * The first page is the article with a Greek title (every wiki has one); the rest get titles
 * in the wiki's language. Pages get 1..--revisions revisions each, so the full-history dump
 * differs from the current-revision one.
 */

$opts = getopt( '', [ 'wiki:', 'lang:', 'pages:', 'greek-title:', 'commons-file:', 'revisions:' ] );
$wiki = $opts['wiki'] ?? null;
$lang = $opts['lang'] ?? 'en';
$pages = (int)( $opts['pages'] ?? 0 );
$greekTitle = $opts['greek-title'] ?? 'Αθήνα';
$commonsFile = $opts['commons-file'] ?? null;
$maxRevisions = max( 1, (int)( $opts['revisions'] ?? 3 ) );
if ( $wiki === null || $pages < 1 ) {
	fwrite( STDERR, "usage: php gen-pages.php --wiki NAME --lang en|el --pages N [--greek-title T] [--commons-file F] [--revisions N]\n" );
	exit( 2 );
}

mt_srand( crc32( $wiki ) );

$words = [
	'el' => [ 'ταξίδι', 'θάλασσα', 'πόλη', 'μουσείο', 'παραλία', 'βουνό', 'λιμάνι', 'αγορά',
		'ναός', 'κάστρο', 'φαγητό', 'ιστορία', 'πλατεία', 'χωριό', 'νησί', 'δρόμος', 'ήλιος',
		'καφές', 'ψαράς', 'ελιά', 'κρασί', 'γέφυρα', 'φάρος', 'μονοπάτι' ],
	'en' => [ 'harbour', 'museum', 'market', 'castle', 'village', 'island', 'bridge', 'garden',
		'library', 'river', 'station', 'festival', 'mountain', 'square', 'lighthouse', 'valley',
		'theatre', 'archive', 'street', 'forest', 'bakery', 'tower', 'meadow', 'canal' ],
];
$places = [ 'Θεσσαλονίκη', 'Πάτρα', 'Ηράκλειο', 'Λάρισα', 'Βόλος', 'Ιωάννινα', 'Χανιά', 'Ρόδος',
	'Καβάλα', 'Κέρκυρα', 'Σαντορίνη', 'Νάξος', 'Δελφοί', 'Ναύπλιο', 'Μετέωρα', 'Καλαμάτα',
	'Χαλκίδα', 'Τρίπολη', 'Σπάρτη', 'Κως', 'Λέσβος', 'Χίος', 'Σάμος', 'Ζάκυνθος', 'Κεφαλονιά',
	'Ύδρα', 'Αίγινα', 'Μονεμβασιά', 'Ολυμπία', 'Μύκονος' ];
$vocabulary = $words[$lang] ?? $words['en'];
$category = $lang === 'el' ? 'Κατηγορία:Δοκιμαστικές σελίδες' : 'Category:Generated pages';

// Titles: the Greek article first, then the wiki's own.
$titles = [ $greekTitle ];
for ( $i = 1; count( $titles ) < $pages; $i++ ) {
	if ( $lang === 'el' ) {
		$titles[] = $places[$i - 1] ?? sprintf( 'Προορισμός %03d', $i );
	} else {
		$titles[] = sprintf( '%s %s %03d', ucfirst( $wiki ), ucfirst( $vocabulary[$i % count( $vocabulary )] ), $i );
	}
}

function sentence( array $vocabulary ): string {
	$n = mt_rand( 6, 14 );
	$out = [];
	for ( $i = 0; $i < $n; $i++ ) {
		$out[] = $vocabulary[mt_rand( 0, count( $vocabulary ) - 1 )];
	}
	$s = implode( ' ', $out );
	return mb_strtoupper( mb_substr( $s, 0, 1 ) ) . mb_substr( $s, 1 ) . '.';
}

function paragraph( array $vocabulary ): string {
	$n = mt_rand( 2, 6 );
	$out = [];
	for ( $i = 0; $i < $n; $i++ ) {
		$out[] = sentence( $vocabulary );
	}
	return implode( ' ', $out );
}

function x( string $s ): string {
	return htmlspecialchars( $s, ENT_XML1 | ENT_QUOTES, 'UTF-8' );
}

$base = gmmktime( 0, 0, 0, 1, 1, 2024 );
echo '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="' . x( $lang ) . "\">\n";
foreach ( $titles as $i => $title ) {
	$revisions = 1 + ( $i % $maxRevisions );
	echo "  <page>\n    <title>" . x( $title ) . "</title>\n    <ns>0</ns>\n";
	$text = '';
	for ( $r = 0; $r < $revisions; $r++ ) {
		if ( $r === 0 ) {
			$text = "'''" . $title . "''' — " . paragraph( $vocabulary ) . "\n";
			if ( $i === 0 && $commonsFile !== null ) {
				$text .= "\n[[File:$commonsFile|thumb|$wiki]]\n";
			}
		}
		$text .= "\n== " . ( $r + 1 ) . " ==\n" . paragraph( $vocabulary ) . "\n";
		// Link to two other pages of the wiki, so link tables and "what links here" have content.
		$text .= "\n* [[" . $titles[( $i + 1 ) % count( $titles )] . ']]'
			. "\n* [[" . $titles[( $i + 7 ) % count( $titles )] . "]]\n";
		$body = $text . "\n[[$category]]\n";
		$ts = gmdate( 'Y-m-d\TH:i:s\Z', $base + $i * 3600 + $r * 600 );
		echo "    <revision>\n      <timestamp>$ts</timestamp>\n"
			. "      <contributor><username>Wikifarm generator</username></contributor>\n"
			. '      <comment>' . x( $r === 0 ? 'generated page' : 'generated edit ' . ( $r + 1 ) ) . "</comment>\n"
			. "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
			. '      <text xml:space="preserve" bytes="' . strlen( $body ) . '">' . x( $body ) . "</text>\n"
			. "    </revision>\n";
	}
	echo "  </page>\n";
}
echo "</mediawiki>\n";
