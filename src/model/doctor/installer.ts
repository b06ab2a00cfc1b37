/**
 * XII Admin processes: an application that answers its front page with its installer
 * (a redirect to install.php, "set up the wiki first") has a step left for someone to do by
 * hand. Decided from one HTTP answer.
 */
const INSTALLER_LOCATION = /install(er)?(\.php)?\b|\/setup\b|setup-config|mw-config|\/wizard\b/i;
const INSTALLER_PAGE = /wp-admin\/install\.php|set ?up the (wiki|site|application) first|mw-config|installation wizard|run the installer|setup-config\.php/i;

export function installerAnswer(status: number, location: string | undefined, body: string): string | undefined {
  if (status >= 300 && status < 400 && location && INSTALLER_LOCATION.test(location)) return `redirects to ${location}`;
  const m = INSTALLER_PAGE.exec(body);
  if (m) return `answers with its installer ("${m[0]}")`;
  return undefined;
}
