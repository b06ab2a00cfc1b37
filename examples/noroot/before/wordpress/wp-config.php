<?php
/**
 * The base configuration for WordPress, as its installer wrote it (wp-admin/setup-config.php).
 */
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', 'wordpress-password' );
define( 'DB_HOST', 'db' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         'oX6x]C~Zk,Pj7@{`Vt;u(Bf3*Uu1ZPqU<5cw8J]?R0D1v!w8X_S0O[mdpA#hM$rE' );
define( 'SECURE_AUTH_KEY',  'Ii%Ug.2:nS|8E Gf!0Fq|yBvL|T8sR1rI;Yk<4N^I-gs[w1mMy?]+u)7-(uD<bmd' );
define( 'LOGGED_IN_KEY',    'N@}^dH|8T%fbl-9-0eB*7L7d2P|j>y=R=}K>3Ae!p7bDgsK)%I&I]s0f6O3,iF;u' );
define( 'NONCE_KEY',        'Y?f4xR=#M|6)+M4(y7dfJv-h4T#QxUeP&1$BqJt`m]5<9@D0lOz,%-DgB>-C6)rT' );
define( 'AUTH_SALT',        'd#7c<uHk&0v=%X8fC2q@gnmJY;Xf1J]6-+!b|[Ze5Z4o-2E-U0x&f!p+)i]I}0q[' );
define( 'SECURE_AUTH_SALT', 'v1N~9H$H?C(n>{9)Hq8;u`7%Y0#Y*0dU+$g(n$+fRg!MjKZ5kQ8)6)V|5w?Oy8s3' );
define( 'LOGGED_IN_SALT',   '3i2mJq6|5E=E6ZC5[8y.{!$y;y@,v~3%)w6rJ{Y(v:4e^$aVnU3[+3wJ+q@B=3Xv' );
define( 'NONCE_SALT',       'Pz5tJ9mB[t&sK2,0yW%d(X1gS3k^N=L5q)z%<aH6hX=c{K8]rVf&1e3|Q8j#n)L4' );

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
