<?php
// What every script here does first: load WordPress from the command line. Debian's
// wp-config.php picks its configuration by host name; without a request there is none, so
// the set's own file (/etc/wordpress/config-default.php, rendered from config/) is used.
if (empty($_SERVER['HTTP_HOST'])) {
    $_SERVER['HTTP_HOST'] = 'default';
}
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
