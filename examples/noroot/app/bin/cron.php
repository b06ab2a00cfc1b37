<?php
// WordPress's scheduled tasks, run by the platform's scheduler (a `schedule:` job, a CronJob on
// Kubernetes) instead of a crontab in the container or a page view (DISABLE_WP_CRON).
require __DIR__ . '/wp-env.php';
$due = 0;
foreach (_get_cron_array() ?: [] as $time => $hooks) {
    if ($time <= time()) $due += count($hooks);
}
// wp-cron.php ends with die(): say what was done when it does.
register_shutdown_function(function () use ($due) {
    echo "wp-cron ran ($due due)\n";
});
require ABSPATH . 'wp-cron.php';
