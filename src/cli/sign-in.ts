/** Prints one-time sign-in credentials to the terminal (never to the log), once. */
export function printSignIns(
  url: string,
  admin: { username: string; password: string } | null,
  demoUsers: readonly { username: string; password: string }[],
): void {
  if (admin === null && demoUsers.length === 0) return;
  const lines = ['', `Sign in at ${url}`];
  if (admin !== null)
    lines.push(`  administrator: ${admin.username}  one-time password: ${admin.password}`);
  if (demoUsers.length > 0) {
    lines.push('  synthetic demo users (one-time passwords, to change at first sign-in):');
    for (const user of demoUsers) lines.push(`    ${user.username.padEnd(20)} ${user.password}`);
  }
  lines.push(
    '  These passwords are shown only now. `bin/palermo user password <username>` issues a new one.',
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
