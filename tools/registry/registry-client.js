// @ts-check
// Small client for the throwaway registry: `wait <url>` until Verdaccio answers its ping (20 s at most),
// `token <url>` creates a user and prints its token (the npm adduser call, without a prompt).
const [command, base] = process.argv.slice(2);

async function wait() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(new URL('-/ping', base));
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no registry at ${base} after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function token() {
  const name = 'silvertine-ci';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, base), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `local-${process.pid}-${Date.now()}`, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const body = /** @type {{ token?: string }} */ (await response.json());
  if (!response.ok || !body.token) throw new Error(`adduser at ${base} failed: HTTP ${response.status}`);
  process.stdout.write(body.token);
}

(command === 'wait' ? wait() : command === 'token' ? token() : Promise.reject(new Error(`unknown command ${command}`))).catch((error) => {
  console.error(`registry-client: ${error.message}`);
  process.exit(1);
});
