#!/bin/bash
# First start: copy WordPress into the document root, so that the admin pages can install
# plugins and themes there. Then cron in the background, and Apache in the foreground.
if [ ! -e /var/www/html/index.php ]; then
    cp -an /usr/share/wordpress/. /var/www/html/
    chown -R www-data:www-data /var/www/html
fi
cron
apache2ctl -D FOREGROUND
