<?php
// Prints the database names of the farm, one a line, from the rendered db_mapping.php.
foreach ( require '/etc/mediawiki/db_mapping.php' as $wiki => $db ) {
	echo "$db\n";
}
