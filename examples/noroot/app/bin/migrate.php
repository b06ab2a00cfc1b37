<?php
// The schema migration, as a job: WordPress's own upgrade (wp_upgrade) when the database is
// older than the code, nothing otherwise. Runs after install at every `up`.
require __DIR__ . '/wp-env.php';

global $wp_db_version;
$current = (int) get_option('db_version');
if ($current === (int) $wp_db_version) {
    echo "database schema is current (db_version $current)\n";
    exit(0);
}
wp_upgrade();
echo "database schema migrated from db_version $current to $wp_db_version\n";
