<?php
// The install step, as a job: finds out whether WordPress is installed in its database and,
// only when it is not, installs it with WordPress's own installer (wp_install), from the
// environment. Safe to run at every `up`: the second time it says so and does nothing.
define('WP_INSTALLING', true);
require __DIR__ . '/wp-env.php';

if (is_blog_installed()) {
    echo "WordPress is installed already: nothing to do\n";
    exit(0);
}
$title = getenv('NOROOT_SITE_TITLE') ?: 'WordPress';
$email = getenv('NOROOT_ADMIN_EMAIL') ?: 'admin@example.invalid';
$password = getenv('NOROOT_ADMIN_PASSWORD');
if (!$password) {
    fwrite(STDERR, "NOROOT_ADMIN_PASSWORD is not set\n");
    exit(2);
}
$result = wp_install($title, 'admin', $email, false, '', wp_slash($password));
if (is_wp_error($result) || empty($result['user_id'])) {
    fwrite(STDERR, "the install failed\n");
    exit(1);
}
echo "WordPress installed: \"$title\", user admin\n";
